"""The contexts whose API the gateway serves: each is a package under services/gateway/api/
whose ROUTES is the table of its routes (http/routing.py `table`). Every context of
contracts/contexts.py has one (but those recorded only), and `meta` holds the gateway's own:
adding a context's API is adding its package."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from contracts import contexts
from services.gateway.http.routing import Table
from services.gateway.remote import Remote

LogSource = Callable[[Remote, str, str, Mapping[str, Any]], list[dict[str, Any]]]

CONTEXTS: tuple[str, ...] = (
    *(context for context in contexts.CONTEXTS if context not in contexts.RECORDED_ONLY),
    "meta",
)


def tables() -> Table:
    """Every context's routes, in the order of CONTEXTS."""
    routes: Table = ()
    for context in CONTEXTS:
        routes += importlib.import_module(f"services.gateway.api.{context}").ROUTES
    return routes


def moderation_log_sources() -> tuple[LogSource, ...]:
    """The entries other contexts add to a neighbourhood's moderation log: each context's
    package may export MODERATION_LOG(remote, neighbourhood_id, viewer, reading), which answers
    its entries (newest first, in the log's entry shape) and [] when its service is down."""
    found = (importlib.import_module(f"services.gateway.api.{c}") for c in CONTEXTS)
    return tuple(module.MODERATION_LOG for module in found if hasattr(module, "MODERATION_LOG"))


__all__ = ["CONTEXTS", "LogSource", "moderation_log_sources", "tables"]
