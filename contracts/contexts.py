"""The bounded contexts whose contracts exist: each has contracts/<context>/events.py (CONTRACTS)
and contracts/<context>/refusals.py (REFUSALS). Adding a context is adding its line here."""

from __future__ import annotations

CONTEXTS: tuple[str, ...] = ("identity", "neighbourhoods", "listings", "matching", "notifications")
