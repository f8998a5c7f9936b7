"""Where a notification leads in the web client: one path per type, for the inbox and the
e-mails alike (the web client's paths, under the public base URL in an e-mail)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def path(kind: str, params: Mapping[str, Any]) -> str:
    listing = params.get("listing_id")
    place = params.get("neighbourhood_id")
    if kind in ("match_proposed",):
        return "/matches"
    if kind in (
        "connection_made",
        "message_received",
        "thanks_received",
        "responder_chosen",
    ) and params.get("connection_id"):
        return f"/connections/{params['connection_id']}"
    if kind.startswith(("booking_", "seat_")):
        return "/me/bookings"
    if kind == "report_waiting" and listing:
        return f"/listings/{listing}"
    if kind == "proof_waiting":
        return "/ops/proofs"
    if kind.startswith(("address_", "proof_")):
        return "/me/address"
    if listing:
        return f"/listings/{listing}"
    if place:
        return f"/neighbourhoods/{place}"
    return "/notifications"
