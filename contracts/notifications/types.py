"""The notification types, each once: what a resident may be told, in which group it is shown
and how it is e-mailed by default. The routing table (notifications/domain/routing.py) has one
row per type; preferences, templates and the web client's texts are keyed by these names."""

from __future__ import annotations

ACCOUNT = ("email_confirmation", "password_reset")
"""E-mailed at once whatever the preferences, quiet hours or confirmation: the account's own."""

BOOKINGS = (
    "booking_requested",
    "booking_accepted",
    "booking_declined",
    "booking_cancelled",
    "booking_reminder",
    "booking_overdue",
)
"""What a loan's or a rental's booking tells its owner and its borrower."""

GROUPS: dict[str, tuple[str, ...]] = {
    "account": ACCOUNT,
    "identity": ("address_verified", "address_rejected", "proof_decided"),
    "neighbourhoods": (
        "neighbourhood_joined",
        "member_removed",
        "rejoin_approved",
        "moderator_role_offered",
    ),
    "listings": (
        "response_received",
        "responder_chosen",
        "listing_hidden",
        "listing_restored",
        "listing_removed",
        "alert",
        "new_listing",
        "report_waiting",
        "proof_waiting",
    ),
    "exchanges": (
        *BOOKINGS,
        "seat_booked",
        "seat_cancelled",
        "purchase_confirmed",
        "purchase_lapsed",
        "recipient_chosen",
    ),
    "matching": ("match_proposed", "connection_made", "message_received", "thanks_received"),
}
TYPES: tuple[str, ...] = tuple(t for group in GROUPS.values() for t in group)
CHOSEN: tuple[str, ...] = tuple(t for t in TYPES if t not in ACCOUNT)
"""The types a resident chooses about (in the inbox, by e-mail)."""

AT_ONCE = ("alert",)
"""E-mailed at once whatever the frequency and quiet hours (unless turned off)."""
DIGEST_ONLY = ("new_listing",)
"""Gathered in the daily digest unless the resident chose immediate e-mails."""
IMMEDIATE = (
    "match_proposed",
    "connection_made",
    "message_received",
    *BOOKINGS,
    "alert",
)
"""Sent as they come even under the daily digest (the gentle default): what cannot wait."""

CHANNELS = ("in_app", "email")
FREQUENCIES = ("immediate", "daily", "never")
DEFAULT_FREQUENCY = "daily"
DEFAULT_DIGEST_HOUR = 18
DEFAULT_TIME_ZONE = "Europe/Paris"
DEFAULT_QUIET_HOURS = ("22:00", "07:00")
