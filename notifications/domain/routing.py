"""Which event tells whom, of what: one row per notification type (their names are in
contracts/notifications/types.py).

A row names its source event type as text, so that a row for a context still being built waits
for its events without importing them. Recipients are described, not looked up: `Audience`
values say where they come from (a field of the event, the listing's author, a neighbourhood's
members or moderators, the operators), and the inbox read model resolves them from what it
learnt. The actor of the event is never told of their own deed.

    for routed in route("listings.ResponseSent", data): ...
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from notifications.domain.audience import (
    OPERATORS,
    Audience,
    Data,
    author,
    direct,
    each,
    listed,
    members,
    moderators,
    one,
    other,
)


@dataclass(frozen=True)
class Row:
    """One notification type: the event it comes from, who hears of it, which of the event's
    fields its texts show (`shown`), and whose personal data they are (`subject`: a field
    naming that resident; None when the values shown are the recipient's own or nobody's).
    `exclude` names the field of the one person never told (the one who acted)."""

    type: str
    event: str
    audience: tuple[Audience, ...]
    shown: tuple[str, ...] = ()
    subject: str | None = None
    exclude: str | None = None
    when: Callable[[Data], bool] = field(default=lambda data: True)

    def reads(self) -> frozenset[str]:
        """The event's fields this row reads."""
        named: set[str] = set(self.shown)
        for a in self.audience:
            named.update(n for n in (a.name, a.by, *a.pair) if n)
        named.update(n for n in (self.subject, self.exclude) if n)
        return frozenset(named)


def _is_alert(data: Data) -> bool:
    return data.get("category") == "alert"


def _not_alert(data: Data) -> bool:
    return data.get("category") != "alert"


BOOKING = ("booking_id", "listing_id", "start", "end")
BOOKERS = (one("owner_id"), one("borrower_id"))

ROWS: tuple[Row, ...] = (
    # account: e-mailed at once whatever the preferences
    Row(
        "email_confirmation",
        "identity.EmailConfirmationRequested",
        (one("resident_id"),),
        ("token", "expires_at"),
    ),
    Row(
        "password_reset",
        "identity.PasswordResetRequested",
        (one("resident_id"),),
        ("token", "expires_at", "language"),
    ),
    # identity
    Row("address_verified", "identity.AddressVerified", (one("resident_id"),), ("method",)),
    Row("address_rejected", "identity.ProofDocumentRejected", (one("resident_id"),), ("reason",)),
    Row("proof_decided", "identity.ProofDocumentApproved", (one("resident_id"),), ("document_id",)),
    # neighbourhoods
    Row(
        "neighbourhood_joined",
        "neighbourhoods.MemberJoined",
        (one("resident_id"),),
        ("neighbourhood_id",),
    ),
    Row(
        "member_removed",
        "neighbourhoods.MemberRemoved",
        (one("resident_id"),),
        ("neighbourhood_id", "reason"),
    ),
    Row(
        "rejoin_approved",
        "neighbourhoods.RejoinApproved",
        (one("resident_id"),),
        ("neighbourhood_id",),
    ),
    Row(
        "moderator_role_offered",
        "neighbourhoods.ModeratorRoleOffered",
        (one("resident_id"),),
        ("neighbourhood_id",),
    ),
    # listings
    Row(
        "response_received",
        "listings.ResponseSent",
        (author(),),
        ("listing_id", "response_id", "responder_id"),
        subject="responder_id",
        exclude="responder_id",
    ),
    Row(
        "responder_chosen",
        "listings.ResponderChosen",
        (one("responder_id"),),
        ("listing_id", "connection_id"),
    ),
    Row("listing_hidden", "listings.ListingHidden", (author(),), ("listing_id",)),
    Row(
        "listing_restored",
        "listings.ListingRestored",
        (one("author_id"),),
        ("listing_id", "reason"),
    ),
    Row(
        "listing_removed", "listings.ListingRemoved", (one("author_id"),), ("listing_id", "reason")
    ),
    Row(
        "alert",
        "listings.ListingPublished",
        (members("neighbourhood_ids"),),
        ("listing_id", "title", "details", "author_id"),
        subject="author_id",
        exclude="author_id",
        when=_is_alert,
    ),
    Row(
        "new_listing",
        "listings.ListingPublished",
        (members("neighbourhood_ids"),),
        ("listing_id", "title", "kind", "category", "author_id"),
        subject="author_id",
        exclude="author_id",
        when=_not_alert,
    ),
    Row(
        "report_waiting",
        "listings.ListingReported",
        (moderators(),),
        ("listing_id", "report_id"),
        exclude="reporter_id",
    ),
    Row(
        "proof_waiting",
        "identity.ProofDocumentSubmitted",
        (OPERATORS,),
        ("document_id",),
        exclude="resident_id",
    ),
    # exchanges
    Row(
        "booking_requested",
        "listings.BookingRequested",
        (one("owner_id"),),
        (*BOOKING, "borrower_id"),
    ),
    Row("booking_accepted", "listings.BookingAccepted", (one("borrower_id"),), BOOKING),
    Row("booking_declined", "listings.BookingDeclined", (one("borrower_id"),), BOOKING),
    Row(
        "booking_cancelled",
        "listings.BookingCancelled",
        (other("owner_id", "borrower_id", "cancelled_by"),),
        BOOKING,
    ),
    Row("booking_reminder", "listings.BookingReminded", BOOKERS, (*BOOKING, "reminder")),
    Row("booking_overdue", "listings.BookingOverdue", BOOKERS, BOOKING),
    Row(
        "seat_booked",
        "listings.SeatBooked",
        (one("driver_id"),),
        ("seat_id", "listing_id", "date", "seats"),
    ),
    Row(
        "seat_cancelled",
        "listings.SeatCancelled",
        (other("driver_id", "passenger_id", "cancelled_by"),),
        ("seat_id", "listing_id", "date"),
    ),
    Row(
        "purchase_confirmed",
        "listings.PurchaseConfirmed",
        (one("organiser_id"), each("pledger_ids")),
        ("listing_id", "total"),
    ),
    Row(
        "purchase_lapsed",
        "listings.PurchaseLapsed",
        (one("organiser_id"), each("pledger_ids")),
        ("listing_id", "total"),
    ),
    Row("recipient_chosen", "listings.RecipientChosen", (one("recipient_id"),), ("listing_id",)),
    # matching
    Row(
        "match_proposed",
        "matching.MatchProposed",
        (one("offer_author_id"), one("request_author_id")),
        ("match_id", "offer_id", "request_id", "category"),
    ),
    Row("connection_made", "matching.ConnectionMade", (each("resident_ids"),), ("connection_id",)),
    Row(
        "message_received",
        "matching.MessagePosted",
        (one("recipient_id"),),
        ("connection_id", "message_id", "author_id"),
        exclude="author_id",
    ),
    Row(
        "thanks_received",
        "matching.ThanksGiven",
        (one("recipient_id"),),
        ("connection_id", "thanks_id", "author_id", "text"),
        subject="author_id",
        exclude="author_id",
    ),
)

BY_TYPE: dict[str, Row] = {row.type: row for row in ROWS}
EVENT_TYPES: tuple[str, ...] = tuple(dict.fromkeys(row.event for row in ROWS))


def rows_for(event_type: str) -> Sequence[Row]:
    """The rows an event of `event_type` may set off (a listing's publication has two)."""
    return [row for row in ROWS if row.event == event_type]


def route(event_type: str, data: Data) -> list[Row]:
    """The rows that apply to this event."""
    return [row for row in rows_for(event_type) if row.when(data)]


__all__ = [
    "BY_TYPE",
    "EVENT_TYPES",
    "ROWS",
    "Audience",
    "Row",
    "direct",
    "listed",
    "route",
    "rows_for",
]
