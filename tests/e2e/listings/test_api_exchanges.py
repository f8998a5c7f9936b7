"""Exchanges through the gateway's HTTP API, against the real platform: neighbours of rue de la
Paix book seats on a weekly commute until it is full and the driver calls a date off; pledge to
a group purchase until it is confirmed, once; a first-come giveaway goes to its first
responder, reserved for them alone, another to the responder its giver picks; a barter's
response says what it offers, and its author accepts it. A purchase short of its minimum lapses
once, by the sweep, at its deadline.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.listings.test_api_listings import get, post
from tests.support.answers import assert_error
from tests.support.neighbours import gathered
from tests.support.platform import Platform, Resident
from tests.support.waiting import eventually

pytestmark = pytest.mark.rabbitmq


POINT = {"lat": 48.86, "lon": 2.35, "label": "Place de la Paix"}


def publish(platform: Platform, who: Resident, nid: str, category: str, **details: Any) -> str:
    body = {
        "kind": "offer", "category": category, "title": f"Annonce {category}",
        "description": "Entre voisins.", "details": details,
    }  # fmt: skip
    return str(post(platform, who, f"/neighbourhoods/{nid}/listings", body, 201)["listing_id"])


def call(platform: Platform, who: Resident, method: str, path: str, **body: Any) -> Any:
    return platform.call(
        method, path, headers=who.auth, params={"after": who.position}, json=body or None
    )


def test_neighbours_book_seats_pledge_and_take_a_giveaway(platform: Platform) -> None:
    ada, bob = platform.verified(2, "Ada"), platform.verified(8, "Bob")
    cleo, dan = platform.verified(12, "Cleo"), platform.verified(6, "Dan")
    nid = gathered(platform, ada, bob, cleo, dan)

    # Bob drives to work every day at 08:00 (Paris), with two seats.
    weekly = {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "time": "08:00"}
    trip = publish(platform, bob, nid, "transport", seats=2, weekly=weekly, to=POINT,
                   **{"from": POINT})  # fmt: skip
    for member in (cleo, dan):
        member.position = bob.position
    shown = get(platform, cleo, f"/listings/{trip}", bob.position)["exchange"]["trip"]
    first = shown["occurrences"][0]
    assert (shown["seats_offered"], first["seats_left"], first["my_seat"]) == (2, 2, None)
    assert first["departs_at"].endswith(("T08:00:00+01:00", "T08:00:00+02:00"))

    seat = post(platform, cleo, f"/listings/{trip}/seats",
                {"date": first["date"], "seats": 2, "pickup": "Devant l'école"}, 201)  # fmt: skip
    dan.position = cleo.position
    full = call(platform, dan, "POST", f"/listings/{trip}/seats", date=first["date"], seats=1)
    assert_error(full, 409, "trip_full")
    assert full.json()["error"]["details"]["seats_left"] == 0

    as_driver = get(platform, bob, f"/listings/{trip}", cleo.position)["exchange"]["trip"]
    [passenger] = as_driver["occurrences"][0]["passengers"]
    assert (passenger["seat_id"], passenger["pickup"]) == (seat["seat_id"], "Devant l'école")
    assert passenger["display_name"] == "Cleo"
    mine = get(platform, cleo, "/me/seats", cleo.position)["items"]
    assert [s["seat_id"] for s in mine] == [seat["seat_id"]]

    # Bob calls that date off: Cleo loses her seat, and nobody can book it any more.
    bob.position = cleo.position
    post(platform, bob, f"/listings/{trip}/occurrences/cancel",
         {"date": first["date"], "reason": "Voiture au garage"}, 200)  # fmt: skip
    assert get(platform, cleo, "/me/seats", bob.position)["items"] == []
    dan.position = bob.position
    again = call(platform, dan, "POST", f"/listings/{trip}/seats", date=first["date"], seats=1)
    assert_error(again, 409, "occurrence_cancelled")
    seats = [e for e in platform.events(f"listings.trip-{trip}") if e.type.endswith("Cancelled")]
    assert [e.type for e in seats] == ["listings.TripOccurrenceCancelled", "listings.SeatCancelled"]

    # Ada organises a purchase of 3 kg: three pledges confirm it, once.
    deadline = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    buy = publish(platform, ada, nid, "group_purchase", product="Pommes", unit="kg",
                  unit_price=2.5, minimum_quantity=3, deadline=deadline)  # fmt: skip
    for member, quantity in ((bob, 2), (cleo, 1), (dan, 1)):
        member.position = ada.position
        post(platform, member, f"/listings/{buy}/pledges", {"quantity": quantity}, 201)
        ada.position = member.position
    purchase = get(platform, ada, f"/listings/{buy}", ada.position)["exchange"]["purchase"]
    assert (purchase["state"], purchase["total"], purchase["minimum_quantity"]) == (
        "confirmed", 4, 3,
    )  # fmt: skip
    assert [(p["display_name"], p["quantity"]) for p in purchase["pledges"]] == [
        ("Bob", 2), ("Cleo", 1), ("Dan", 1),
    ]  # fmt: skip
    assert (
        get(platform, dan, f"/listings/{buy}", ada.position)["exchange"]["purchase"]["pledges"]
        is None
    )
    confirmed = [
        e for e in platform.events(f"listings.purchase-{buy}") if e.type.endswith("Confirmed")
    ]
    assert len(confirmed) == 1
    withdrawn = call(platform, bob, "DELETE", f"/listings/{buy}/pledges/me")
    assert_error(withdrawn, 409, "purchase_confirmed")

    # Dan gives a lamp away to whoever answers first: Cleo.
    lamp = publish(platform, dan, nid, "giveaway", allocation="first_come")
    for member in (cleo, bob):
        member.position = dan.position
    post(platform, cleo, f"/listings/{lamp}/responses", {"message": "Je la prends !"}, 201)
    bob.position = cleo.position
    late = call(platform, bob, "POST", f"/listings/{lamp}/responses", message="Moi aussi")
    assert_error(late, 409, "recipient_already_chosen")
    reserved = get(platform, cleo, f"/listings/{lamp}", cleo.position)["exchange"]
    assert reserved["reservation"]["reserved"] is True
    assert reserved["reservation"]["recipient_id"] == cleo.resident_id
    assert (
        get(platform, bob, f"/listings/{lamp}", cleo.position)["exchange"]["reservation"][
            "recipient_id"
        ]
        is None
    )

    # Dan's chair goes to whom he picks; Bob's bike is bartered for what Cleo offers.
    chair = publish(platform, dan, nid, "giveaway", allocation="giver_chooses")
    bob.position = dan.position
    bike = publish(platform, bob, nid, "barter", gives="Un vélo", wants="Une tondeuse")
    cleo.position = bob.position
    asked = post(platform, cleo, f"/listings/{chair}/responses", {"message": "Pour moi ?"}, 201)
    no_offer = call(platform, cleo, "POST", f"/listings/{bike}/responses", message="Échange ?")
    assert_error(no_offer, 422, "invalid_offer")
    offered = post(platform, cleo, f"/listings/{bike}/responses",
                   {"message": "Échange ?", "offer": "Ma tondeuse"}, 201)  # fmt: skip
    dan.position = bob.position = cleo.position
    given = post(platform, dan, f"/listings/{chair}/recipient",
                 {"response_id": asked["response_id"]}, 201)  # fmt: skip
    assert set(given) == {"connection_id", "position"}
    chosen = get(platform, cleo, f"/listings/{chair}", dan.position)["exchange"]["reservation"]
    assert (chosen["reserved"], chosen["recipient_id"]) == (True, cleo.resident_id)
    [response] = get(platform, bob, f"/listings/{bike}/responses", cleo.position)["items"]
    assert response["offer"] == "Ma tondeuse"
    post(platform, bob, f"/listings/{bike}/responses/{offered['response_id']}/accept", {}, 201)
    swapped = get(platform, bob, f"/listings/{bike}", bob.position)["exchange"]["reservation"]
    assert swapped["recipient_id"] == cleo.resident_id


def test_a_purchase_short_of_its_minimum_lapses_once_at_its_deadline(platform: Platform) -> None:
    ada, bob = platform.verified(2, "Ada"), platform.verified(8, "Bob")
    nid = gathered(platform, ada, bob)
    ada.position = bob.position
    deadline = (datetime.now(UTC) + timedelta(seconds=4)).isoformat()
    buy = publish(platform, ada, nid, "group_purchase", product="Miel", unit="pot",
                  unit_price=6, minimum_quantity=5, deadline=deadline)  # fmt: skip
    bob.position = ada.position
    post(platform, bob, f"/listings/{buy}/pledges", {"quantity": 2}, 201)

    def lapsed() -> bool:
        shown = get(platform, ada, f"/listings/{buy}", bob.position)["exchange"]["purchase"]
        return bool(shown["state"] == "lapsed")

    eventually(lapsed, timeout=30, what="the purchase lapsed by the sweep")
    late = call(platform, bob, "POST", f"/listings/{buy}/pledges", quantity=3)
    assert_error(late, 409, "pledges_closed")
    # Sweeps go on every second; the purchase's stream decides nothing more.
    marker = publish(platform, ada, nid, "group_purchase", product="Miel", unit="pot",
                     unit_price=6, minimum_quantity=5,
                     deadline=(datetime.now(UTC) + timedelta(seconds=2)).isoformat())  # fmt: skip
    eventually(
        lambda: (
            get(platform, ada, f"/listings/{marker}", ada.position)["exchange"]["purchase"]["state"]
            == "lapsed"
        ),
        timeout=30,
        what="a later purchase lapsed (the sweep ran after the first one lapsed)",
    )
    ends = [e.type for e in platform.events(f"listings.purchase-{buy}")]
    assert ends == ["listings.PledgeMade", "listings.PurchaseLapsed"]
