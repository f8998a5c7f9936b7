"""A Nameko timer whose interval comes from the container's configuration, so that an operator
tunes it in deploy/local/config.yml (or its environment variable) without touching the code:

    @configured_timer("QUARTIER_PROOF_SWEEP_SECONDS", default=3600.0)
    def delete_due_proof_documents(self) -> None: ...
"""

from __future__ import annotations

from typing import Any

from nameko.timer import Timer


class ConfiguredTimer(Timer):
    def __init__(self, setting: str, default: float, **kwargs: Any) -> None:
        self.setting = setting
        self.default = default
        super().__init__(interval=default, **kwargs)

    def setup(self) -> None:
        configured = self.container.config.get(self.setting)
        try:
            interval = float(configured) if configured not in (None, "") else self.default
        except (TypeError, ValueError):
            raise ValueError(f"{self.setting} must be a number of seconds") from None
        if interval <= 0:
            raise ValueError(f"{self.setting} must be a number of seconds above 0")
        self.interval = interval


configured_timer = ConfiguredTimer.decorator
