"""The listings routes' bodies and refusals: a new listing's details are checked by its category's
schema, each problem answered on its own field (`details.<name>`) before any service is asked;
a refusal of the listings service reaches the client as its catalogue declares, with the
numbers a person needs; photos may be larger than other uploads."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import Schema

from contracts.listings import refusals
from contracts.listings.photos import MAX_UPLOAD_BYTES
from services.gateway.api.listings import schemas as ls
from services.gateway.api.listings.calls import refused
from services.gateway.http import bodies
from services.gateway.http.errors import ApiError
from services.gateway.http.routing import ROUTES
from services.gateway.remote import Refusal

LOAN = {
    "kind": "offer",
    "category": "loan",
    "title": "Perceuse à percussion",
    "description": "Avec son coffret.",
    "details": {"item": "perceuse", "condition": "bon état"},
}


def refused_fields(schema: type[Schema], data: Any) -> dict[str, list[str]]:
    with pytest.raises(ApiError) as caught:
        bodies.load(schema, data)
    assert (caught.value.status, caught.value.code) == (422, "validation_failed")
    return caught.value.fields or {}


def test_a_listing_whose_details_fit_its_category_loads() -> None:
    loaded = bodies.load(ls.ListingPublication, {**LOAN, "photos": [], "expires_at": None})
    assert loaded["details"] == LOAN["details"] and loaded["title"] == LOAN["title"]


@pytest.mark.parametrize(
    ("category", "details", "wrong"),
    [
        ("loan", {}, {"details.item"}),
        ("loan", {"item": "perceuse", "colour": "rouge"}, {"details.colour"}),
        ("rental", {"item": "tente", "price_per_day": 2.555}, {"details.price_per_day"}),
        ("service", {"tags": ["gardening"], "paid": True}, {"details.price"}),
        ("transport", {"from": {"lat": 91, "lon": 0}, "to": {"lat": 0, "lon": 0}, "seats": 2,
                       "departure": "2030-01-01T08:00:00+01:00"}, {"details.from.lat"}),
        ("group_purchase", {"product": "pommes", "unit": "kg", "unit_price": 2,
                            "minimum_quantity": 0, "deadline": "2030-01-01T08:00:00+01:00"},
         {"details.minimum_quantity"}),
        ("alert", {"alert_type": "earthquake"}, {"details.alert_type"}),
    ],
)  # fmt: skip
def test_details_that_do_not_fit_their_category_are_refused_field_by_field(
    category: str, details: dict[str, Any], wrong: set[str]
) -> None:
    kind = "offer"
    given = {**LOAN, "kind": kind, "category": category, "details": details}
    assert set(refused_fields(ls.ListingPublication, given)) == wrong


def test_a_kind_its_category_does_not_have_is_refused_on_kind() -> None:
    given = {**LOAN, "kind": "request", "category": "alert", "details": {"alert_type": "safety"}}
    assert set(refused_fields(ls.ListingPublication, given)) == {"kind"}


def test_a_title_too_short_and_a_text_with_a_bidi_override_are_refused() -> None:
    given = {**LOAN, "title": "ab", "description": "gratuit\u202e"}
    assert set(refused_fields(ls.ListingPublication, given)) == {"title", "description"}


def test_details_refused_by_the_service_name_each_wrong_field() -> None:
    answer = refused(Refusal("invalid_details", "x", {"fields": {"details.item": ["Missing."]}}))
    assert (answer.status, answer.code) == (422, "invalid_details")
    assert answer.fields == {"details.item": ["Missing."]}


def test_a_posting_limit_says_when_it_resets() -> None:
    details = {"resets_at": "2030-01-02T08:00:00+00:00", "retry_after_seconds": 3600}
    answer = refused(Refusal("too_many_listings", "x", details))
    assert (answer.status, answer.code) == (429, refusals.TOO_MANY_LISTINGS.answered_code)
    assert answer.headers["Retry-After"] == "3600"
    assert "2030-01-02T08:00:00+00:00" in answer.message
    assert answer.details == details


def test_a_listing_one_may_not_see_is_not_found() -> None:
    answer = refused(Refusal("unknown_listing", "x", {}))
    assert (answer.status, answer.code) == (404, "not_found")


def test_photos_alone_take_uploads_of_ten_mib() -> None:
    uploads = {r.rule: r.largest for r in ROUTES if r.upload is not None}
    assert uploads.pop("/api/v1/photos") == MAX_UPLOAD_BYTES
    assert set(uploads.values()) == {None}, "other uploads keep the API's 5 MiB"
