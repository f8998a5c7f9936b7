"""Numbers an operator tunes in the configuration (deploy/local/config.yml or the environment):
read from the container's config, the default when unset, refused at start when malformed, so a
typo stops the service with a line naming the setting rather than running with a wrong value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

N = TypeVar("N", int, float)


def seconds(config: Mapping[str, Any], name: str, default: float) -> float:
    """Setting `name` as a number of seconds above 0; `default` when unset or empty."""
    return _tuned(config, name, default, float, "a number of seconds", (0.0, "above 0"))


def whole(config: Mapping[str, Any], name: str, default: int) -> int:
    """Setting `name` as a whole number of at least 1; `default` when unset or empty."""
    return _tuned(config, name, default, int, "a whole number", (0, "at least 1"))


def _tuned(
    config: Mapping[str, Any],
    name: str,
    default: N,
    kind: Callable[[Any], N],
    what: str,
    above: tuple[N, str],
) -> N:
    """The setting read as `kind`, refused unless above above[0] (above[1] says so)."""
    raw = config.get(name)
    if raw in (None, ""):
        return default
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {what}") from None
    if value <= above[0]:
        raise ValueError(f"{name} must be {above[1]}")
    return value
