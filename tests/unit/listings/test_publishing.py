"""Publishing and editing a listing: where it is shown, what it says, its details per category,
its photos and its expiry."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest

from contracts.listings.categories import CATEGORIES
from contracts.listings.events import ListingEdited, ListingPublished
from listings.commands import EditListing
from listings.domain.errors import (
    InvalidDetails,
    InvalidExpiry,
    InvalidListingDescription,
    InvalidTitle,
    KindNotInCategory,
    ListingRemoved,
    NotAMember,
    NotTheAuthor,
    PhotoNotYours,
    TooManyPhotos,
    UnknownListing,
)
from listings.domain.listing import Listing
from tests.unit.listings import (
    SHA,
    T0,
    days,
    given,
    hours,
    moderation,
    publication,
    published,
)

POINT = {"lat": 48.853, "lon": 2.35}
VALID: dict[str, dict[str, Any]] = {
    "service": {"tags": ["gardening", "taille de haies"], "paid": True, "price": 15.5},
    "loan": {"item": "Perceuse", "condition": "Bon état"},
    "rental": {"item": "Remorque", "price_per_day": 20, "deposit": 100},
    "transport": {
        "from": POINT, "to": POINT, "seats": 3, "weekly": {"days": ["mon"], "time": "08:15"},
    },
    "good_deal": {"where": "Marché d'Aligre", "link": "https://example.org/promo"},
    "barter": {"gives": "Confitures", "wants": "Des œufs"},
    "giveaway": {"allocation": "first_come"},
    "group_purchase": {
        "product": "Pommes", "unit": "kg", "unit_price": 1.8, "minimum_quantity": 50,
        "deadline": "2026-03-10T12:00:00+01:00",
    },
    "alert": {"alert_type": "lost_pet"},
}  # fmt: skip
BAD: dict[str, tuple[dict[str, Any], str]] = {
    "service": ({"tags": ["gardening"], "paid": True}, "details.price"),
    "loan": ({}, "details.item"),
    "rental": ({"item": "Tondeuse"}, "details.price_per_day"),
    "transport": ({"from": POINT, "to": POINT, "seats": 2}, "details.departure"),
    "good_deal": ({"where": "Marché", "link": "ftp://example.org"}, "details.link"),
    "barter": ({"gives": "Confitures"}, "details.wants"),
    "giveaway": ({"allocation": "lottery"}, "details.allocation"),
    "group_purchase": (
        {**VALID["group_purchase"], "unit_price": 1.234}, "details.unit_price"
    ),
    "alert": ({"alert_type": "lost_cat"}, "details.alert_type"),
}  # fmt: skip


def test_the_examples_cover_every_category() -> None:
    assert set(VALID) == set(BAD) == set(CATEGORIES)


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_member_publishes_a_listing_of_each_category(category: str) -> None:
    author, nid = uuid.uuid4(), uuid.uuid4()
    command = publication(author, [nid], category=category, details=VALID[category])
    [event] = given().when(command).events
    assert isinstance(event, ListingPublished)
    assert (event.listing_id, event.author_id, event.neighbourhood_ids) == (
        command.listing_id, author, [nid],
    )  # fmt: skip
    assert (event.category, event.published_at) == (category, T0)


@pytest.mark.parametrize("category", CATEGORIES)
def test_bad_details_are_refused_per_field(category: str) -> None:
    details, field = BAD[category]
    command = publication(uuid.uuid4(), [uuid.uuid4()], category=category, details=details)
    error = given().when(command).refused(InvalidDetails)
    assert field in error.fields


def test_an_unknown_category_is_refused() -> None:
    command = publication(uuid.uuid4(), [uuid.uuid4()], category="lottery")
    given().when(command).refused(KindNotInCategory)


def test_an_alert_or_a_good_deal_is_never_a_request() -> None:
    for category in ("alert", "good_deal"):
        command = publication(
            uuid.uuid4(), [uuid.uuid4()], category=category, details=VALID[category], kind="request"
        )
        given().when(command).refused(KindNotInCategory)


def test_details_are_stored_as_their_contract_normalises_them() -> None:
    command = publication(uuid.uuid4(), [uuid.uuid4()], category="rental", details=VALID["rental"])
    [event] = given().when(command).events
    assert event.details == {"item": "Remorque", "price_per_day": 20.0, "deposit": 100.0}


def test_one_listing_is_shown_in_several_of_the_authors_neighbourhoods() -> None:
    author, a, b = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    [event] = given().when(publication(author, [a, b, a])).events
    assert event.neighbourhood_ids == [a, b]


def test_publishing_where_the_author_is_no_member_is_refused() -> None:
    author, mine, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    command = publication(author, [mine, other], member_of=frozenset({mine}))
    given().when(command).refused(NotAMember)
    given().when(publication(author, [])).refused(NotAMember)


@pytest.mark.parametrize("title", ["ab", "  a  ", "x" * 121])
def test_a_title_has_3_to_120_characters(title: str) -> None:
    given().when(publication(uuid.uuid4(), [uuid.uuid4()], title=title)).refused(InvalidTitle)


def test_a_title_is_kept_without_its_extra_spaces() -> None:
    command = publication(uuid.uuid4(), [uuid.uuid4()], title="  Une   perceuse ")
    assert given().when(command).events[0].title == "Une perceuse"


def test_a_description_has_at_most_5000_characters() -> None:
    command = publication(uuid.uuid4(), [uuid.uuid4()], description="x" * 5001)
    given().when(command).refused(InvalidListingDescription)
    fits = publication(uuid.uuid4(), [uuid.uuid4()], description="x" * 5000)
    assert len(given().when(fits).events[0].description) == 5000


def test_photos_are_the_authors_at_most_six_linked_by_hash() -> None:
    photos = [uuid.uuid4() for _ in range(7)]
    owned = {p: SHA for p in photos}
    author, nid = uuid.uuid4(), uuid.uuid4()
    six = publication(author, [nid], photos=tuple(photos[:6]), photos_owned=owned)
    [event] = given().when(six).events
    assert event.photos == [{"photo_id": str(p), "sha256": SHA} for p in photos[:6]]
    seven = publication(author, [nid], photos=tuple(photos), photos_owned=owned)
    given().when(seven).refused(TooManyPhotos)
    stranger = publication(author, [nid], photos=(uuid.uuid4(),), photos_owned=owned)
    given().when(stranger).refused(PhotoNotYours)


def test_a_listing_expires_after_30_days_an_alert_after_48_hours_unless_told() -> None:
    author, nid = uuid.uuid4(), uuid.uuid4()
    [loan] = given().when(publication(author, [nid])).events
    assert loan.expires_at == T0 + days(30)
    alert = publication(author, [nid], category="alert", details=VALID["alert"])
    assert given().when(alert).events[0].expires_at == T0 + hours(48)
    chosen = publication(author, [nid], expires_at=T0 + days(90))
    assert given().when(chosen).events[0].expires_at == T0 + days(90)


@pytest.mark.parametrize("after", [days(-1), days(0), days(90) + hours(1)])
def test_an_expiry_is_in_the_future_within_90_days(after: Any) -> None:
    command = publication(uuid.uuid4(), [uuid.uuid4()], expires_at=T0 + after)
    given().when(command).refused(InvalidExpiry)
    naive = publication(
        uuid.uuid4(), [uuid.uuid4()], expires_at=(T0 + days(1)).replace(tzinfo=None)
    )
    given().when(naive).refused(InvalidExpiry)


def test_publishing_twice_under_one_command_decides_nothing_more() -> None:
    command = publication(uuid.uuid4(), [uuid.uuid4()])
    events = given().when(command).events
    given(*events).when(command).then()


def edit(listing: ListingPublished, author: uuid.UUID, **changes: Any) -> EditListing:
    command = EditListing(
        uuid.uuid4(), listing.listing_id, author, listing.title, listing.description,
        listing.details, (), T0 + hours(1), {},
    )  # fmt: skip
    return replace(command, **changes)


def test_the_author_edits_what_the_listing_says() -> None:
    author = uuid.uuid4()
    listing = published(author, uuid.uuid4())
    photo = uuid.uuid4()
    command = edit(
        listing, author, title="Perceuse et visseuse", details={"item": "Visseuse"},
        photos=(photo,), photos_owned={photo: SHA},
    )  # fmt: skip
    given(listing).when(command).then(
        ListingEdited(
            listing.listing_id,
            author,
            "Perceuse et visseuse",
            listing.description,
            {"item": "Visseuse"},
            [{"photo_id": str(photo), "sha256": SHA}],
            T0 + hours(1),
        )
    )


def test_an_edit_changing_nothing_records_nothing() -> None:
    author = uuid.uuid4()
    listing = published(author, uuid.uuid4())
    given(listing).when(edit(listing, author)).then()


def test_an_edit_checks_what_a_publication_checks() -> None:
    author = uuid.uuid4()
    listing = published(author, uuid.uuid4())
    given(listing).when(edit(listing, author, title="no")).refused(InvalidTitle)
    given(listing).when(edit(listing, author, details={"item": ""})).refused(InvalidDetails)
    given(listing).when(edit(listing, author, photos=(uuid.uuid4(),))).refused(PhotoNotYours)


def test_only_the_author_edits_an_existing_listing_not_removed() -> None:
    author, moderator = uuid.uuid4(), uuid.uuid4()
    listing = published(author, uuid.uuid4())
    given(listing).when(edit(listing, uuid.uuid4())).refused(NotTheAuthor)
    given().when(edit(listing, author)).refused(UnknownListing)
    removed = given(listing).when(moderation(listing, moderator, "remove")).events
    given(listing, *removed).when(edit(listing, author, title="Autre")).refused(ListingRemoved)


def test_the_state_after_publication_is_open_and_visible_nowhere_else() -> None:
    author, nid = uuid.uuid4(), uuid.uuid4()
    state = given(published(author, nid)).state
    assert state.is_open and not state.hidden
    assert state.neighbourhood_ids == (nid,)
    assert replace(state, listing_id=None).exists is False
    assert Listing().exists is False
