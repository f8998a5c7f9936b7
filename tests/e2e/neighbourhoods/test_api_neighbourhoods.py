"""Neighbourhoods through the gateway's HTTP API, against the real platform: verified residents of
the demo town found a neighbourhood around their homes, find it, join it, are refused when their
home lies outside, read its members and moderation log as members only, are removed with a
reason, ask to come back, leave, and hand the founder's role over.

Homes (identity/data/ban-demo.csv, rue de la Paix, 71999 Bourg-Démo, lon/lat):
2 (4.862321, 46.661919), 8 (4.865070, 46.661919) and 12 (4.866903, 46.661919) lie inside
AROUND_2_TO_12; 36 (4.877873, 46.661919) lies about 800 m east of it.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.support.answers import answered, assert_error, error_code, expect
from tests.support.neighbours import AROUND_2_TO_12, NORTH, SOUTH, WEST, found, get, join
from tests.support.platform import Platform

pytestmark = pytest.mark.rabbitmq

# Around number 2 only: number 12 is left out.
RING_2 = [[WEST, SOUTH], [4.8640, SOUTH], [4.8640, NORTH], [WEST, NORTH], [WEST, SOUTH]]
AROUND_2 = {"type": "Polygon", "coordinates": [RING_2]}
NUMBER_12 = {"lat": "46.661919", "lon": "4.866903"}
PUBLIC_KEYS = {"neighbourhood_id", "name", "boundary", "member_count", "member"}


def refusal(answer: requests.Response, status: int, code: str) -> dict[str, Any]:
    """An error of the contract's shape that also carries `details` (numbers to show)."""
    expect(answer, status, f"{answer.request.method} {answer.request.path_url}")
    body = answer.json()
    assert set(body) == {"error"}, "not the error shape"
    error: dict[str, Any] = body["error"]
    assert {"code", "message", "details"} <= set(error) <= {"code", "message", "fields", "details"}
    assert error["code"] == code, f"code {error_code(answer)}, expected {code}"
    return error


def test_neighbours_found_find_and_join_a_neighbourhood_around_their_homes(
    platform: Platform,
) -> None:
    ada, bob = platform.verified(2, "Ada"), platform.verified(12, "Bob")
    nid = found(platform, ada)

    around_home = get(platform, bob, "/neighbourhoods", ada.position)["neighbourhoods"]
    mine = next(n for n in around_home if n["neighbourhood_id"] == nid)
    assert (mine["contains"], mine["distance_m"], mine["member_count"]) == (True, 0, 1)
    assert mine["status"] == "forming"
    assert mine["boundary"] == AROUND_2_TO_12
    at_place = platform.call(
        "GET", "/neighbourhoods", headers=bob.auth, params={**NUMBER_12, "after": ada.position}
    )
    assert nid in {n["neighbourhood_id"] for n in answered(at_place, 200, "find")["neighbourhoods"]}

    stranger_view = get(platform, bob, f"/neighbourhoods/{nid}", ada.position)
    assert set(stranger_view) == PUBLIC_KEYS and stranger_view["member"] is False

    joined = join(platform, bob, nid)
    member_view = get(platform, bob, f"/neighbourhoods/{nid}", joined)
    assert (member_view["member"], member_view["member_count"]) == (True, 2)
    assert member_view["viewer"]["role"] == "member"
    assert member_view["founder"] == {"resident_id": ada.resident_id, "display_name": "Ada"}
    assert member_view["status"] == "forming"

    profile = get(platform, bob, "/me", joined)
    assert [(n["neighbourhood_id"], n["role"]) for n in profile["neighbourhoods"]] == [
        (nid, "member")
    ]
    members = get(platform, bob, f"/neighbourhoods/{nid}/members", joined)["members"]
    assert [(m["resident_id"], m["role"]) for m in members] == [
        (ada.resident_id, "founder"),
        (bob.resident_id, "member"),
    ]
    assert members[0]["address"] == {"street": "rue de la Paix"}

    again = platform.call("POST", f"/neighbourhoods/{nid}/members", headers=bob.auth)
    assert_error(again, 409, "already_member")


def test_a_resident_whose_home_is_outside_is_refused_and_told_how_far(
    platform: Platform,
) -> None:
    ada, eve = platform.verified(2, "Ada"), platform.verified(36, "Eve")
    nid = found(platform, ada)
    outside = platform.call(
        "POST",
        f"/neighbourhoods/{nid}/members",
        headers=eve.auth,
        params={"after": ada.position},
    )
    error = refusal(outside, 422, "home_outside_boundary")
    assert 500 < error["details"]["distance_m"] < 1200
    assert f"{round(error['details']['distance_m'])} m" in error["message"]

    view = get(platform, eve, f"/neighbourhoods/{nid}", ada.position)
    assert (view["member"], view["member_count"]) == (False, 1)


def test_only_members_read_the_members_and_the_moderation_log(platform: Platform) -> None:
    ada, stranger = platform.verified(2, "Ada"), platform.signed_in("Gus")
    nid = found(platform, ada)
    for path in (f"/neighbourhoods/{nid}/members", f"/neighbourhoods/{nid}/moderation-log"):
        refused = platform.call("GET", path, headers=stranger.auth, params={"after": ada.position})
        assert_error(refused, 403, "not_a_member")
        expect(platform.call("GET", path, headers=ada.auth), 200, f"{path} as the founder")

    missing = platform.call("GET", f"/neighbourhoods/{stranger.resident_id}", headers=ada.auth)
    assert_error(missing, 404, "not_found")
    nowhere = platform.call("GET", "/neighbourhoods", headers=stranger.auth)
    assert_error(nowhere, 403, "not_verified")


def test_a_removal_and_its_reason_reach_the_moderation_log_and_the_removed_may_come_back(
    platform: Platform,
) -> None:
    ada, bob, cy = (platform.verified(n, name) for n, name in ((2, "Ada"), (12, "Bob"), (8, "Cy")))
    nid = found(platform, ada)
    join(platform, bob, nid)
    join(platform, cy, nid)
    remove_cy = f"/neighbourhoods/{nid}/members/{cy.resident_id}"

    unexplained = platform.call("DELETE", remove_cy, headers=ada.auth, json={})
    assert_error(unexplained, 422, "validation_failed", {"reason"})
    by_a_member = platform.call("DELETE", remove_cy, headers=bob.auth, json={"reason": "No"})
    assert_error(by_a_member, 403, "not_a_moderator")

    reason = "Repeated advertising in the listings"
    removed = platform.call("DELETE", remove_cy, headers=ada.auth, json={"reason": reason})
    position = str(answered(removed, 200, "remove a member")["position"])

    [entry] = [
        e
        for e in get(platform, ada, f"/neighbourhoods/{nid}/moderation-log", position)["entries"]
        if e["action"] == "member_removed"
    ]
    assert entry["resident"] == {"resident_id": cy.resident_id, "display_name": "Cy"}
    assert entry["actor"] == {"resident_id": ada.resident_id, "display_name": "Ada"}
    assert (entry["reason"], entry["reason_withheld"]) == (reason, False)
    seen_by_bob = get(platform, bob, f"/neighbourhoods/{nid}/moderation-log", position)["entries"]
    [entry] = [e for e in seen_by_bob if e["action"] == "member_removed"]
    assert (entry["reason"], entry["reason_withheld"]) == (None, True)
    shut_out = platform.call("GET", f"/neighbourhoods/{nid}/moderation-log", headers=cy.auth)
    assert_error(shut_out, 403, "not_a_member")

    back = platform.call("POST", f"/neighbourhoods/{nid}/members", headers=cy.auth)
    assert_error(back, 403, "rejoin_needs_approval")
    asked = platform.call(
        "POST",
        f"/neighbourhoods/{nid}/rejoin-requests",
        headers=cy.auth,
        json={"message": "Sorry, it will not happen again."},
    )
    position = str(answered(asked, 201, "ask to rejoin")["position"])
    requests_seen = get(platform, ada, f"/neighbourhoods/{nid}", position)["rejoin_requests"]
    assert [r["resident_id"] for r in requests_seen] == [cy.resident_id]
    approved = platform.call(
        "POST", f"/neighbourhoods/{nid}/rejoin-requests/{cy.resident_id}/approve", headers=ada.auth
    )
    expect(approved, 200, "approve a return")
    join(platform, cy, nid)


def test_a_founder_who_leaves_hands_the_role_to_the_member_who_accepts_it(
    platform: Platform,
) -> None:
    ada, bob = platform.verified(2, "Ada"), platform.verified(12, "Bob")
    nid = found(platform, ada)
    join(platform, bob, nid)

    left = platform.call("DELETE", f"/neighbourhoods/{nid}/members/me", headers=ada.auth)
    position = str(answered(left, 200, "leave")["position"])
    assert get(platform, ada, "/me", position)["neighbourhoods"] == []
    again = platform.call("DELETE", f"/neighbourhoods/{nid}/members/me", headers=ada.auth)
    assert_error(again, 403, "not_a_member")

    [mine] = get(platform, bob, "/me", position)["neighbourhoods"]
    assert (mine["neighbourhood_id"], mine["moderator_offer"]) == (nid, True)
    accepted = platform.call(
        "POST", f"/neighbourhoods/{nid}/moderator-offer/accept", headers=bob.auth
    )
    position = str(answered(accepted, 200, "accept the moderator role")["position"])
    view = get(platform, bob, f"/neighbourhoods/{nid}", position)
    assert view["viewer"]["role"] in ("founder", "moderator")
    assert view["member_count"] == 1


def test_the_founder_renames_redraws_and_appoints_within_the_rules(platform: Platform) -> None:
    ada, bob = platform.verified(2, "Ada"), platform.verified(12, "Bob")
    nid = found(platform, ada)
    join(platform, bob, nid)
    hood = f"/neighbourhoods/{nid}"

    renamed = platform.call("PATCH", hood, headers=ada.auth, json={"name": "Les Tilleuls"})
    position = str(answered(renamed, 200, "rename")["position"])
    assert get(platform, bob, hood, position)["name"] == "Les Tilleuls"
    by_a_member = platform.call("PATCH", hood, headers=bob.auth, json={"name": "Mine"})
    assert_error(by_a_member, 403, "not_a_moderator")

    unclosed = {"type": "Polygon", "coordinates": [[*RING_2[:-1], [0, 0]]]}
    malformed = platform.call("PATCH", hood, headers=ada.auth, json={"boundary": unclosed})
    assert_error(malformed, 422, "validation_failed", {"boundary"})
    shrunk = platform.call(
        "PATCH", hood, headers=ada.auth, json={"boundary": AROUND_2, "reason": "Smaller"}
    )
    proposed = answered(shrunk, 202, "propose a smaller boundary")
    assert set(proposed) == {"status", "proposal_id", "position"}
    assert proposed["status"] == "proposed" and bob.resident_id not in shrunk.text

    appointed = platform.call(
        "POST", f"{hood}/moderators", headers=ada.auth, json={"resident_id": bob.resident_id}
    )
    position = str(answered(appointed, 201, "appoint a moderator")["position"])
    as_moderator = get(platform, bob, hood, position)
    assert as_moderator["viewer"]["role"] == "moderator"
    assert as_moderator["rejoin_requests"] == []
    dismissed = platform.call(
        "DELETE",
        f"{hood}/moderators/{bob.resident_id}",
        headers=ada.auth,
        json={"reason": "Taking turns"},
    )
    position = str(answered(dismissed, 200, "dismiss a moderator")["position"])
    assert get(platform, bob, hood, position)["viewer"]["role"] == "member"


def test_bad_input_is_refused_per_field_before_anything_changes(platform: Platform) -> None:
    ada = platform.verified(2, "Ada")
    half_a_place = platform.call("GET", "/neighbourhoods", headers=ada.auth, params={"lat": "46"})
    assert_error(half_a_place, 422, "validation_failed", {"lon"})
    for boundary in ({"type": "Point", "coordinates": [4.86, 46.66]}, "not GeoJSON"):
        created = platform.call(
            "POST",
            "/neighbourhoods",
            headers=ada.auth,
            json={"name": "X", "description": "", "boundary": boundary},
        )
        assert_error(created, 422, "validation_failed", {"boundary"})
    tiny = {
        "type": "Polygon",
        "coordinates": [
            [[4.8623, 46.6619], [4.8624, 46.6619], [4.8624, 46.6620], [4.8623, 46.6619]]
        ],
    }
    too_small = platform.call(
        "POST",
        "/neighbourhoods",
        headers=ada.auth,
        params={"after": ada.position},
        json={"name": "X", "boundary": tiny},
    )
    error = refusal(too_small, 422, "boundary_too_small")
    assert set(error["fields"]) == {"boundary"}
    assert get(platform, ada, "/me", ada.position)["neighbourhoods"] == []


def test_with_neighbourhoods_down_my_profile_still_answers_and_says_what_is_missing(
    platform: Platform,
) -> None:
    ada = platform.verified(2, "Ada")
    platform.stop("neighbourhoods")
    try:
        profile = get(platform, ada, "/me", ada.position)
        assert (profile["neighbourhoods"], profile["unavailable"]) == (None, ["neighbourhoods"])
        assert profile["address"]["status"] == "verified"
        down = platform.call("GET", "/neighbourhoods", headers=ada.auth)
        error = assert_error(down, 503, "unavailable")
        assert error["message"].startswith("Neighbourhoods are unavailable")
    finally:
        platform.start("neighbourhoods")
    profile = get(platform, ada, "/me", ada.position)
    assert profile["neighbourhoods"] == [] and "unavailable" not in profile
