"""The bounded contexts whose contracts exist: each has contracts/<context>/events.py (CONTRACTS)
and contracts/<context>/refusals.py (REFUSALS). Adding a context is adding its line here."""

from __future__ import annotations

CONTEXTS: tuple[str, ...] = ("identity", "neighbourhoods", "listings", "matching", "notifications")

# Contexts whose events are recorded and read back, but which have no service, no HTTP routes and
# no web feature, hence no refusals: the operators' command line (contracts/ops/events.py).
RECORDED_ONLY: tuple[str, ...] = ("ops",)
