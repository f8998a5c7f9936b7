"""Whether a service can do its work: the answer of every service's `health` RPC and of the
gateway's /readyz, built from named checks.

Pure: the caller reads the checkpoints, the log and the clock and hands them in, so the rule
for a stuck subscriber is tested without a database. An answer names dependencies and
subscribers only: never a URL, a credential, an error's text (it may quote personal data) or
anything a resident wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

READY, NOT_READY = "ready", "not_ready"
# How long a subscriber may stay behind the log without moving before it counts as stuck: a
# catch-up batch moves its checkpoint every few seconds, a live event within the poll timer.
DEFAULT_STUCK_SECONDS = 120.0
STUCK_SETTING = "QUARTIER_HEALTH_STUCK_SECONDS"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Checkpoint:
    """What readiness needs of one subscriber's row (services/subscriptions/database.py)."""

    name: str
    generation: int
    status: str  # active | building | retired
    stuck_event_id: str | None
    attempts: int
    updated_at: datetime


def answer(checks: Iterable[Check]) -> dict[str, Any]:
    """{status: ready | not_ready, checks: [{name, ok, detail}]}."""
    listed = [asdict(c) for c in checks]
    return {"status": READY if all(c["ok"] for c in listed) else NOT_READY, "checks": listed}


def is_ready(reply: Any) -> bool:
    """Whether a health answer (possibly from another process) says ready."""
    return isinstance(reply, Mapping) and reply.get("status") == READY


def failing(reply: Mapping[str, Any]) -> list[str]:
    """The names of the checks an answer reports as failing."""
    return [str(c.get("name")) for c in reply.get("checks", ()) if not c.get("ok")]


def subscriber_check(
    row: Checkpoint, pending_since: datetime | None, now: datetime, bound: float
) -> Check:
    """One subscriber generation: ready unless it is stopped at an event its handler refuses
    (waiting for a fix or for an operator to park it), or has events to apply and has not
    moved for longer than `bound` seconds. `pending_since` is when the first event it has not
    applied was recorded (None: nothing to apply)."""
    name = row.name if row.status == "active" else f"{row.name} (rebuilding)"
    check = f"subscriber:{name}"
    if row.stuck_event_id is not None:
        return Check(
            check,
            False,
            f"stopped at event {row.stuck_event_id} after {row.attempts} attempts "
            "(see `quartier status`, `quartier park`)",
        )
    if pending_since is None:
        return Check(check, True, "caught up")
    idle = (now - max(pending_since, row.updated_at)).total_seconds()
    if idle > bound:
        return Check(check, False, f"behind the log with no progress for {idle:.0f} s")
    return Check(check, True, "catching up")


def stuck_bound(config: Mapping[str, Any]) -> float:
    """QUARTIER_HEALTH_STUCK_SECONDS (the default when unset); ValueError naming the setting
    when it is not a positive number, so that a typo stops the service at start."""
    given = config.get(STUCK_SETTING)
    if given is None or str(given).strip() == "":
        return DEFAULT_STUCK_SECONDS
    try:
        bound = float(given)
    except (TypeError, ValueError):
        bound = 0.0
    if not bound > 0:
        raise ValueError(f"{STUCK_SETTING} must be a positive number of seconds")
    return bound
