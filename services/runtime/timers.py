"""A Nameko timer whose interval comes from the container's configuration, so that an operator
tunes it in deploy/local/config.yml (or its environment variable) without touching the code:

    @configured_timer("QUARTIER_PROOF_SWEEP_SECONDS", default=3600.0)
    def delete_due_proof_documents(self) -> None: ...
"""

from __future__ import annotations

from typing import Any

from nameko.timer import Timer

from .tunables import seconds


class ConfiguredTimer(Timer):
    def __init__(self, setting: str, default: float, **kwargs: Any) -> None:
        self.setting = setting
        self.default = default
        super().__init__(interval=default, **kwargs)

    def setup(self) -> None:
        self.interval = seconds(self.container.config, self.setting, self.default)


configured_timer = ConfiguredTimer.decorator
