"""Numbers an operator tunes in the configuration (deploy/local/config.yml or the environment):
read from the container's config, the default when unset, refused at start when malformed, so a
typo stops the service with a line naming the setting rather than running with a wrong value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def seconds(config: Mapping[str, Any], name: str, default: float) -> float:
    """Setting `name` as a number of seconds above 0; `default` when unset or empty."""
    raw = config.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number of seconds") from None
    if value <= 0:
        raise ValueError(f"{name} must be a number of seconds above 0")
    return value


def whole(config: Mapping[str, Any], name: str, default: int) -> int:
    """Setting `name` as a whole number of at least 1; `default` when unset or empty."""
    raw = config.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number") from None
    if value < 1:
        raise ValueError(f"{name} must be at least 1")
    return value
