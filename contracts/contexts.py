"""The bounded contexts whose contracts exist: each has contracts/<context>/events.py (CONTRACTS)
and contracts/<context>/refusals.py (REFUSALS). Adding a context is adding its line here."""

from __future__ import annotations

CONTEXTS: tuple[str, ...] = (
    "identity",
    "neighbourhoods",
    "listings",
    "matching",
    "notifications",
    "ops",
)

# Contexts whose events are recorded and read back, but which have no service, no HTTP routes and
# no web feature, hence no refusals. None since the operators' context got its service and pages
# (docs/decisions/0036).
RECORDED_ONLY: tuple[str, ...] = ()


def context_of(name: str) -> str:
    """The context an event type (`identity.ResidentRegistered`) or a stream category
    (`identity.resident`) belongs to: its name up to the first dot. The relay routes by it, the
    store's notifications name it, and the subscribers' listeners are woken by it."""
    return name.split(".", 1)[0]
