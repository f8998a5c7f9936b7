"""The `ops_status` service: RPC `status()` says where the log, the relay and every subscriber
stand (`n.rpc.ops_status.status()` from `nameko shell`, or the ops command line)."""

from __future__ import annotations

from typing import Any

from nameko.dependency_providers import Config

from .config import from_config
from .dependencies import Store
from .health import Readiness, health
from .rpc import rpc
from .status_report import report


class OpsStatus:
    name = "ops_status"

    store = Store()
    config = Config()
    readiness = Readiness(read_models=False)
    health = health

    @rpc
    def status(self) -> dict[str, Any]:
        """Head of the log, the relay's checkpoint, each subscriber's position and stuck state."""
        relay_db = self.config.get("QUARTIER_RELAY_DB") or None
        return report(self.store, from_config(self.config), relay_db)
