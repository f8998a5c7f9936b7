"""Every refusal the listings domain declares is raised by it: one given/when/then per code
(given a listing's events, an author's postings or a photo's, when a command, then the error
naming that refusal), and a check that no refusal of the domain's errors is left without it.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest

from contracts.listings.events import ListingHidden, PostingRecorded, ResponseSent
from listings.commands import (
    ChooseRecipient,
    ChooseResponder,
    CloseListing,
    DeletePhoto,
    EditListing,
    Limits,
    RecordPosting,
    ReopenListing,
    UploadPhoto,
)
from listings.domain import errors, exchange_errors
from listings.domain.author import decide_postings, fold_postings
from listings.domain.decide import decide
from listings.domain.listing import fold
from listings.domain.photo import decide_photo, fold_photo
from listings.domain.purchase import decide_purchase, fold_purchase
from listings.domain.trip import decide_trip, fold_trip
from tests.support.refusals_raised import Row, assert_complete, rows
from tests.unit.listings import (
    T0,
    calendar_rows,
    days,
    hours,
    moderation,
    publication,
    published,
    report,
    respond,
)
from tests.unit.listings import exchanges as ex

AUTHOR, MEMBER, OTHER, THIRD, MOD = (uuid.uuid4() for _ in range(5))
NID = uuid.uuid4()
LISTING = published(AUTHOR, NID)
LID = LISTING.listing_id
RESPONSE = uuid.uuid4()
RESPONDED: list[Any] = [LISTING, ResponseSent(LID, RESPONSE, MEMBER, "Intéressée", T0 + hours(1))]
HIDDEN = [LISTING, ListingHidden(LID, 3, T0 + hours(2))]

row = rows(decide, fold)


def edit(**changes: Any) -> EditListing:
    command = EditListing(
        uuid.uuid4(), LID, AUTHOR, "Perceuse", "", {"item": "Perceuse"}, (), T0 + hours(4), {}
    )
    return replace(command, **changes)


def choose(response_id: uuid.UUID = RESPONSE) -> ChooseResponder:
    return ChooseResponder(uuid.uuid4(), LID, AUTHOR, response_id, T0 + hours(5))


def removed() -> list[Any]:
    [event] = decide(moderation(LISTING, MOD, "remove"), fold([LISTING]))
    return [LISTING, event]


def postings(count: int, category: str = "loan") -> list[PostingRecorded]:
    return [
        PostingRecorded(AUTHOR, uuid.uuid4(), [NID], category, T0 + hours(n / 10))
        for n in range(count)
    ]


def posting(category: str = "loan") -> RecordPosting:
    return RecordPosting(
        uuid.uuid4(), AUTHOR, uuid.uuid4(), (NID,), category, Limits(), T0 + hours(3)
    )


trip_row = rows(decide_trip, fold_trip)
purchase_row = rows(decide_purchase, fold_purchase)
COMMUTE = ex.commute()
[SEAT] = decide_trip(ex.booking(COMMUTE, ex.OTHER, seats=3), fold_trip([]))
TRIP_ROWS: dict[str, tuple[list[Any], Any]] = {
    "trip_full": ([SEAT], ex.booking(COMMUTE)),
    "invalid_seats": ([], ex.booking(COMMUTE, seats=9)),
    "invalid_pickup": ([], ex.booking(COMMUTE, pickup=" ")),
    "no_departure_on_date": ([], ex.booking(COMMUTE, day=ex.MONDAY + days(1))),
    "departure_passed": ([], ex.booking(COMMUTE, at=T0 + days(2))),
    "occurrence_cancelled": (
        decide_trip(ex.occurrence_cancel(COMMUTE), fold_trip([])),
        ex.booking(COMMUTE),
    ),
    "trip_cancelled": (decide_trip(ex.trip_cancel(COMMUTE), fold_trip([])), ex.booking(COMMUTE)),
    "seat_already_booked": ([SEAT], ex.booking(COMMUTE, ex.OTHER, seats=1)),
    "unknown_seat": ([], ex.seat_cancel(COMMUTE, uuid.uuid4(), ex.PASSENGER)),
    "not_your_seat": ([SEAT], ex.seat_cancel(COMMUTE, SEAT.seat_id, ex.THIRD)),
    "seat_already_cancelled": (
        [SEAT, *decide_trip(ex.seat_cancel(COMMUTE, SEAT.seat_id, ex.OTHER), fold_trip([SEAT]))],
        ex.seat_cancel(COMMUTE, SEAT.seat_id, ex.OTHER),
    ),
    "invalid_cancel_reason": ([SEAT], ex.seat_cancel(COMMUTE, SEAT.seat_id, ex.OTHER, "x" * 501)),
}
GROUP = ex.purchase(minimum=2)
CONFIRMED = decide_purchase(ex.pledging(GROUP, ex.OTHER, 2), fold_purchase([]))
PURCHASE_ROWS: dict[str, tuple[list[Any], Any]] = {
    "invalid_quantity": ([], ex.pledging(GROUP, ex.PASSENGER, 0)),
    "pledges_closed": ([], ex.pledging(GROUP, ex.PASSENGER, 1, at=T0 + days(8))),
    "purchase_confirmed": (CONFIRMED, ex.withdrawing(GROUP, ex.OTHER)),
    "no_pledge": ([], ex.withdrawing(GROUP, ex.PASSENGER)),
}

TABLE: dict[str, Row] = {
    "unknown_listing": row([], respond(LISTING, MEMBER)),
    "unknown_response": row(RESPONDED, choose(uuid.uuid4())),
    "unknown_photo": row(
        [], DeletePhoto(uuid.uuid4(), uuid.uuid4(), "erased", T0), decide_photo, fold_photo
    ),
    "invalid_photo": row(
        [],
        UploadPhoto(uuid.uuid4(), AUTHOR, "image/gif", 10, 10, "a" * 64, "b" * 64, T0),
        decide_photo,
        fold_photo,
    ),
    "not_a_member": row([], publication(AUTHOR, [NID], member_of=frozenset())),
    "not_a_moderator": row(
        [LISTING], replace(moderation(LISTING, MOD, "remove"), neighbourhood_id=uuid.uuid4())
    ),
    "not_the_author": row([LISTING], CloseListing(uuid.uuid4(), LID, OTHER, "done", T0)),
    "photo_not_yours": row([], publication(AUTHOR, [NID], photos=(uuid.uuid4(),))),
    "invalid_title": row([], publication(AUTHOR, [NID], title="ab")),
    "invalid_listing_description": row([], publication(AUTHOR, [NID], description="x" * 5001)),
    "too_many_photos": row(
        [],
        publication(
            AUTHOR,
            [NID],
            photos=tuple(ids := [uuid.uuid4() for _ in range(7)]),
            photos_owned={photo: "a" * 64 for photo in ids},
        ),
    ),
    "invalid_details": row([], publication(AUTHOR, [NID], details={"item": ""})),
    "kind_not_in_category": row(
        [],
        publication(
            AUTHOR, [NID], kind="request", category="alert", details={"alert_type": "safety"}
        ),
    ),
    "invalid_expiry": row([], publication(AUTHOR, [NID], expires_at=T0 - days(1))),
    "too_many_listings": row(postings(20), posting(), decide_postings, fold_postings),
    "too_many_alerts": row(postings(3, "alert"), posting("alert"), decide_postings, fold_postings),
    "listing_not_open": row(
        [LISTING, *decide(CloseListing(uuid.uuid4(), LID, AUTHOR, "done", T0), fold([LISTING]))],
        respond(LISTING, MEMBER),
    ),
    "listing_already_open": row([LISTING], ReopenListing(uuid.uuid4(), LID, AUTHOR, None, T0)),
    "listing_removed": row(removed(), edit()),
    "own_listing": row([LISTING], respond(LISTING, AUTHOR)),
    "already_responded": row(RESPONDED, respond(LISTING, MEMBER)),
    "invalid_message": row([LISTING], respond(LISTING, MEMBER, message="")),
    "responder_already_chosen": row([*RESPONDED, *decide(choose(), fold(RESPONDED))], choose()),
    "already_reported": row(
        [LISTING, *decide(report(LISTING, MEMBER), fold([LISTING]))], report(LISTING, MEMBER)
    ),
    "reason_required": row([LISTING], moderation(LISTING, MOD, "remove", reason="")),
    "invalid_reason": row([LISTING], moderation(LISTING, MOD, "remove", reason="x" * 501)),
    "listing_not_hidden": row([LISTING], moderation(LISTING, MOD, "restore")),
    **calendar_rows.TABLE,
    **{code: trip_row(given, when) for code, (given, when) in TRIP_ROWS.items()},
    **{code: purchase_row(given, when) for code, (given, when) in PURCHASE_ROWS.items()},
    "recipient_already_chosen": row(
        (ga := ex.publishing("giveaway", {"allocation": "first_come"}))
        + decide(respond(ga[0], MEMBER), fold(ga)),
        respond(ga[0], OTHER),
    ),
    "first_come_giveaway": row(
        ga + decide(respond(ga[0], MEMBER), fold(ga)),
        ChooseRecipient(uuid.uuid4(), ga[0].listing_id, ex.DRIVER, uuid.uuid4(), T0),
    ),
    "exchange_not_offered": row(
        [LISTING], ChooseRecipient(uuid.uuid4(), LID, AUTHOR, RESPONSE, T0)
    ),
    "invalid_offer": row(
        (barter := ex.publishing("barter", {"gives": "Un vélo", "wants": "Une tondeuse"})),
        respond(barter[0], MEMBER),
    ),
}

ELSEWHERE = {
    "photo_too_large": "the photo processor (listings/adapters/photos.py), before any decoding",
    **calendar_rows.ELSEWHERE,
}


@pytest.mark.parametrize("code", sorted(TABLE))
def test_the_domain_raises_the_refusal(code: str) -> None:
    assert TABLE[code].refused_code(errors.ListingsRefusal) == code


def test_every_refusal_of_the_domain_has_its_row() -> None:
    assert_complete(TABLE, ELSEWHERE, errors.ListingsRefusal, errors, exchange_errors)
