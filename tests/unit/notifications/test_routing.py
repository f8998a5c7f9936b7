"""The routing table, row by row: each notification type comes from its event, reaches whom it
should and never the one who acted; and each row reads only fields its event has (checked
against the contract when the event type is registered, else skipped with the reason)."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import pytest

from contracts import default_registry
from contracts.errors import UnknownEventType
from contracts.notifications.types import TYPES
from notifications.domain import routing

A, B, C = (str(uuid.uuid4()) for _ in range(3))
L, N = str(uuid.uuid4()), str(uuid.uuid4())
BOOKING = {"booking_id": str(uuid.uuid4()), "listing_id": L, "owner_id": A, "borrower_id": B,
           "start": "2026-12-10", "end": "2026-12-12"}  # fmt: skip

# type: (the spec's fields of a synthetic event, who is told directly, the audience resolved
# from what the read model learnt (kind of the first), who is never told)
CASES: dict[str, tuple[dict[str, Any], list[str], str | None]] = {
    "email_confirmation": ({"resident_id": A, "token": "t", "expires_at": "x"}, [A], None),
    "password_reset": (
        {"resident_id": A, "token": "t", "expires_at": "x", "language": "en"},
        [A],
        None,
    ),
    "address_verified": ({"resident_id": A, "method": "letter"}, [A], None),
    "address_rejected": ({"resident_id": A, "reason": "flou"}, [A], None),
    "proof_decided": ({"resident_id": A, "document_id": L}, [A], None),
    "neighbourhood_joined": ({"resident_id": A, "neighbourhood_id": N}, [A], None),
    "member_removed": ({"resident_id": A, "neighbourhood_id": N, "reason": "r"}, [A], None),
    "rejoin_approved": ({"resident_id": A, "neighbourhood_id": N}, [A], None),
    "moderator_role_offered": ({"resident_id": A, "neighbourhood_id": N}, [A], None),
    "response_received": ({"listing_id": L, "response_id": C, "responder_id": B}, [], "author"),
    "responder_chosen": (
        {"listing_id": L, "responder_id": B, "author_id": A, "connection_id": C},
        [B],
        None,
    ),
    "listing_hidden": ({"listing_id": L, "reports": 3}, [], "author"),
    "listing_restored": (
        {"listing_id": L, "author_id": A, "neighbourhood_id": N, "reason": "ok"},
        [A],
        None,
    ),
    "listing_removed": (
        {"listing_id": L, "author_id": A, "neighbourhood_id": N, "reason": "no"},
        [A],
        None,
    ),
    "alert": (
        {
            "listing_id": L,
            "author_id": A,
            "neighbourhood_ids": [N],
            "category": "alert",
            "title": "Chat",
            "details": {},
            "kind": "offer",
        },
        [],
        "members",
    ),
    "new_listing": (
        {
            "listing_id": L,
            "author_id": A,
            "neighbourhood_ids": [N],
            "category": "loan",
            "title": "Scie",
            "details": {},
            "kind": "offer",
        },
        [],
        "members",
    ),
    "report_waiting": ({"listing_id": L, "report_id": C, "reporter_id": B}, [], "moderators"),
    "proof_waiting": ({"resident_id": A, "document_id": C}, [], "operators"),
    "booking_requested": (BOOKING, [A], None),
    "booking_accepted": (BOOKING, [B], None),
    "booking_declined": ({**BOOKING, "reason": "non"}, [B], None),
    "booking_cancelled": ({**BOOKING, "cancelled_by": B, "reason": "r"}, [A], None),
    "booking_reminder": ({**BOOKING, "reminder": "pickup"}, [A, B], None),
    "booking_overdue": (BOOKING, [A, B], None),
    "seat_booked": (
        {
            "seat_id": C,
            "listing_id": L,
            "driver_id": A,
            "passenger_id": B,
            "date": "2026-12-10",
            "seats": 1,
        },
        [A],
        None,
    ),
    "seat_cancelled": (
        {
            "seat_id": C,
            "listing_id": L,
            "driver_id": A,
            "passenger_id": B,
            "date": "2026-12-10",
            "cancelled_by": A,
            "reason": "r",
        },
        [B],
        None,
    ),
    "purchase_confirmed": (
        {"listing_id": L, "organiser_id": A, "total": 12, "pledger_ids": [B, C]},
        [A, B, C],
        None,
    ),
    "purchase_lapsed": (
        {"listing_id": L, "organiser_id": A, "total": 3, "pledger_ids": [B]},
        [A, B],
        None,
    ),
    "recipient_chosen": (
        {
            "listing_id": L,
            "giver_id": A,
            "response_id": C,
            "recipient_id": B,
            "allocation": "giver_chooses",
        },
        [B],
        None,
    ),
    "match_proposed": (
        {
            "match_id": C,
            "offer_id": L,
            "request_id": N,
            "offer_author_id": A,
            "request_author_id": B,
            "category": "loan",
        },
        [A, B],
        None,
    ),
    "connection_made": (
        {"connection_id": C, "resident_ids": [A, B], "source": "match"},
        [A, B],
        None,
    ),
    "message_received": (
        {"connection_id": C, "message_id": L, "author_id": A, "recipient_id": B, "text": "t"},
        [B],
        None,
    ),
    "thanks_received": (
        {"connection_id": C, "thanks_id": L, "author_id": A, "recipient_id": B, "text": "merci"},
        [B],
        None,
    ),
}


def test_every_notification_type_has_one_row_and_one_case() -> None:
    assert [row.type for row in routing.ROWS] == list(TYPES)
    assert set(CASES) == set(TYPES)


@pytest.mark.parametrize("kind", TYPES)
def test_each_row_tells_whom_it_should(kind: str) -> None:
    row = routing.BY_TYPE[kind]
    data, told, resolved = CASES[kind]
    (routed,) = [r for r in routing.route(row.event, data) if r.type == kind]
    direct = [rid for a in routed.audience for rid in routing.direct(a, data)]
    assert sorted(direct) == sorted(told)
    assert [a.kind for a in routed.audience if a.kind not in ("field", "fields", "other")] == (
        [resolved] if resolved else []
    )
    if routed.exclude:
        assert str(data[routed.exclude]) not in direct


def test_a_publication_is_an_alert_or_a_new_listing_never_both() -> None:
    alert, loan = CASES["alert"][0], CASES["new_listing"][0]
    assert [r.type for r in routing.route("listings.ListingPublished", alert)] == ["alert"]
    assert [r.type for r in routing.route("listings.ListingPublished", loan)] == ["new_listing"]


def test_a_cancellation_tells_the_other_side() -> None:
    by_owner = {**BOOKING, "cancelled_by": A, "reason": "r"}
    (row,) = routing.route("listings.BookingCancelled", by_owner)
    assert [rid for a in row.audience for rid in routing.direct(a, by_owner)] == [B]


@pytest.mark.parametrize("kind", TYPES)
def test_each_row_reads_only_fields_its_event_has(kind: str) -> None:
    row = routing.BY_TYPE[kind]
    try:
        contract = default_registry().contract(row.event)
    except UnknownEventType:
        pytest.skip(f"{row.event} is not registered yet: its context has not landed here")
    names = {f.name for f in dataclasses.fields(contract.cls)}
    assert row.reads() <= names, sorted(row.reads() - names)
