"""Matching through the gateway's HTTP API, against the real platform: neighbours of rue de la
Paix offer gardening help and ask for it; both are suggested the match with its reasons and
both accept; a ride asked for along a weekly commute is suggested to its driver and rider.
A stranger to a match is refused it as if it did not exist; a declined match is over for both.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.listings.test_api_listings import post
from tests.support import eventually
from tests.support.answers import answered, assert_error
from tests.support.neighbours import gathered
from tests.support.platform import Platform, Resident

pytestmark = pytest.mark.rabbitmq

COMMUTE = {
    "from": {"lat": 46.6600, "lon": 4.8620, "label": "Bourg-Démo"},
    "to": {"lat": 46.7000, "lon": 4.8700, "label": "Zone d'activités"},
    "seats": 3,
    "weekly": {"days": ["mon", "tue", "wed", "thu", "fri"], "time": "08:00"},
}
RIDE = {
    "from": {"lat": 46.6650, "lon": 4.8632},
    "to": {"lat": 46.6900, "lon": 4.8681},
    "seats": 1,
    "departure": "2027-01-05T08:20:00+01:00",  # a Tuesday
}


def suggested(platform: Platform, who: Resident) -> list[dict[str, Any]]:
    answer = platform.call("GET", "/matches", headers=who.auth)
    items: list[dict[str, Any]] = answered(answer, 200, "GET /matches")["items"]
    return items


def publish(
    platform: Platform,
    who: Resident,
    nid: str,
    kind: str,
    category: str,
    title: str,
    details: dict[str, Any],
) -> None:
    body = {"kind": kind, "category": category, "title": title, "description": "",
            "details": details}  # fmt: skip
    post(platform, who, f"/neighbourhoods/{nid}/listings", body, 201)


def test_neighbours_are_matched_with_reasons_and_put_in_touch(platform: Platform) -> None:
    ada, bob, cy = (platform.verified(n, name) for n, name in ((2, "Ada"), (8, "Bob"), (6, "Cy")))
    nid = gathered(platform, ada, bob, cy)

    service = {"tags": ["gardening"], "paid": False}
    publish(platform, ada, nid, "offer", "service", "Aide au jardinage le samedi", service)
    asked = {"tags": [], "paid": False}
    publish(platform, bob, nid, "request", "service", "Help in my garden on Saturdays", asked)

    [match] = eventually(lambda: suggested(platform, bob), what="Bob's suggestion")
    factors = {r["factor"]: r["detail"] for r in match["reasons"]}
    assert factors["distance"]["same_street"] is True
    assert factors["words"]["skills"] == ["gardening"]
    assert factors["time"]["days"] == ["sat"]
    assert match["other"]["display_name"] == "Ada" and match["status"] == "open"
    match_id = match["match_id"]

    # A stranger to the match learns nothing of it.
    stranger = platform.call("POST", f"/matches/{match_id}/accept", headers=cy.auth, json={})
    assert_error(stranger, 404, "not_found")

    post(platform, bob, f"/matches/{match_id}/accept", {}, 200)
    again = platform.call("POST", f"/matches/{match_id}/accept", headers=bob.auth, json={})
    assert_error(again, 409, "match_already_answered")
    post(platform, ada, f"/matches/{match_id}/accept", {}, 200)
    [connected] = eventually(
        lambda: [m for m in suggested(platform, ada) if m["status"] == "connected"],
        what="the match connected",
    )
    assert connected["connection_id"]

    # A carpool: a ride asked for along a weekly commute.
    publish(platform, cy, nid, "offer", "transport", "Trajet domicile-travail", COMMUTE)
    publish(platform, bob, nid, "request", "transport", "Un trajet mardi matin", RIDE)
    [ride] = eventually(
        lambda: [m for m in suggested(platform, cy) if m["category"] == "transport"],
        what="the ride suggested",
    )
    route = {r["factor"]: r["detail"] for r in ride["reasons"]}
    assert route["time"]["days"] == ["tue"] and route["route"]["pickup_m"] <= 800

    # Bob finds another way: he declines, and the ride can no longer be accepted.
    post(platform, bob, f"/matches/{ride['match_id']}/decline", {}, 200)
    late = platform.call("POST", f"/matches/{ride['match_id']}/accept", headers=cy.auth, json={})
    assert_error(late, 409, "match_not_open")
    eventually(
        lambda: (
            [m["status"] for m in suggested(platform, cy) if m["match_id"] == ride["match_id"]]
            == ["declined"]
        ),
        what="the ride declined for its driver too",
    )
