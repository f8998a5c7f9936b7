"""Redrawing a neighbourhood's boundary through the gateway, against the real platform: the
probe that once located a member's home by bisecting with rectangles now learns nothing, every
attempt shows in the moderation log, attempts are limited, and an operator decides proposals.

Homes (identity/data/ban-demo.csv, rue de la Paix, lon/lat): 2 (4.862321, 46.661919) and
12 (4.866903, 46.661919) lie inside AROUND_2_TO_12.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests
from nameko.standalone.rpc import ClusterRpcProxy

from tests.support.answers import assert_error, expect
from tests.support.neighbours import AROUND_2_TO_12, NORTH, SOUTH, WEST, found, get, join
from tests.support.platform import Platform, Resident

pytestmark = pytest.mark.rabbitmq

LIMIT = 5  # QUARTIER_BOUNDARY_ATTEMPTS_PER_DAY's default
FAR_EAST = 4.8675


def rectangle(west: float, east: float) -> dict[str, Any]:
    ring = [[west, SOUTH], [east, SOUTH], [east, NORTH], [west, NORTH], [west, SOUTH]]
    return {"type": "Polygon", "coordinates": [ring]}


def redraw(
    platform: Platform, who: Resident, nid: str, boundary: dict[str, Any], reason: str = "Redraw"
) -> requests.Response:
    body = {"boundary": boundary, "reason": reason}
    return platform.call("PATCH", f"/neighbourhoods/{nid}", headers=who.auth, json=body)


def seen(answer: requests.Response) -> tuple[Any, ...]:
    """All an answer tells, ids and positions aside (they differ for any two commands)."""
    body = answer.json()
    if "error" in body:
        # How long to wait depends on when the first attempt was made, not on homes.
        return answer.status_code, body["error"]["code"], sorted(body["error"].get("details", {}))
    return answer.status_code, body.get("status"), sorted(body)


def as_operator(platform: Platform, resident: Resident) -> str:
    """Grant `resident` the operator role as `quartier operator grant` does; its position."""
    with ClusterRpcProxy({"AMQP_URI": platform.amqp_uri}, timeout=30) as cluster:
        granted = cluster.identity.grant_role(
            str(uuid.uuid4()), resident.resident_id, "operator", actor="system:ops.test"
        )
    return str(granted["position"])


def test_bisecting_with_rectangles_learns_nothing_of_where_members_live(
    platform: Platform,
) -> None:
    # Two neighbourhoods with the same outline; only the first has a member at number 12.
    ada, bob, cleo = (
        platform.verified(2, "Ada"),
        platform.verified(12, "Bob"),
        platform.verified(2, "Cleo"),
    )
    updated = platform.call("PATCH", "/me", headers=bob.auth, json={"disclosure": "none"})
    expect(updated, 200, "hide my address")
    with_bob, without = found(platform, ada), found(platform, cleo)
    join(platform, bob, with_bob)

    # The old probe: move the east edge halfway between what is known inside and outside.
    inside, outside = WEST + 0.0015, FAR_EAST
    answers: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []
    for _ in range(LIMIT + 2):
        middle = (inside + outside) / 2
        shape = rectangle(WEST, middle)
        first, second = (
            redraw(platform, ada, with_bob, shape),
            redraw(platform, cleo, without, shape),
        )
        answers.append((seen(first), seen(second)))
        outside = middle  # whatever the answer, it says nothing to go by
    assert all(a == b for a, b in answers), "an answer depends on where members live"
    assert [a for a, _ in answers[:LIMIT]] == [
        (202, "proposed", ["position", "proposal_id", "status"])
    ] * LIMIT
    limited = redraw(platform, ada, with_bob, rectangle(WEST, FAR_EAST - 0.001))
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert bob.resident_id not in limited.text

    log = get(platform, bob, f"/neighbourhoods/{with_bob}/moderation-log", ada.position)["entries"]
    proposals = [e for e in log if e["action"] == "boundary_change_proposed"]
    assert len(proposals) == LIMIT, "every attempt within the limit is in the moderation log"
    assert all(e["proposal"]["status"] == "pending" for e in proposals)
    assert all(e["actor"]["resident_id"] == ada.resident_id for e in proposals)
    view = get(platform, bob, f"/neighbourhoods/{with_bob}", ada.position)
    assert view["boundary"] == AROUND_2_TO_12, "a proposal changes nothing yet"


def test_enlarging_applies_at_once_and_a_refused_shape_is_logged_too(platform: Platform) -> None:
    ada, bob = platform.verified(2, "Ada"), platform.verified(12, "Bob")
    nid = found(platform, ada)
    join(platform, bob, nid)
    larger = rectangle(WEST - 0.001, FAR_EAST + 0.001)
    applied = redraw(platform, ada, nid, larger)
    expect(applied, 200, "enlarge")
    assert applied.json()["status"] == "applied"
    tiny = rectangle(WEST, WEST + 0.00001)
    assert_error(redraw(platform, ada, nid, tiny), 422, "boundary_too_small", {"boundary"})
    by_member = redraw(platform, bob, nid, larger)
    assert_error(by_member, 403, "not_a_moderator")

    log = get(platform, bob, f"/neighbourhoods/{nid}/moderation-log", ada.position)["entries"]
    view = get(platform, bob, f"/neighbourhoods/{nid}", applied.json()["position"])
    assert view["boundary"]["coordinates"] == larger["coordinates"]
    assert [e["action"] for e in log[:2]] == ["boundary_change_refused", "boundary_changed"]


def test_an_operator_approves_or_rejects_a_proposal_and_members_see_it(
    platform: Platform,
) -> None:
    ada, bob = platform.verified(2, "Ada"), platform.verified(12, "Bob")
    olga = platform.signed_in("Olga")
    nid = found(platform, ada)
    join(platform, bob, nid)
    smaller = rectangle(WEST, 4.8640)  # number 12 would be outside
    first = redraw(platform, ada, nid, smaller, "Only our side of the street").json()
    second = redraw(platform, ada, nid, rectangle(WEST, 4.8650)).json()

    assert_error(
        platform.call("GET", "/ops/boundary-proposals", headers=ada.auth), 403, "forbidden"
    )
    decision = f"/ops/boundary-proposals/{first['proposal_id']}/decision"
    approve = {"decision": "approve", "reason": "Suit the old parish"}
    assert_error(platform.call("POST", decision, headers=ada.auth, json=approve), 403, "forbidden")
    granted = as_operator(platform, olga)
    pending = get(
        platform, olga, "/ops/boundary-proposals", max(granted, second["position"], key=int)
    )
    mine = [p for p in pending["proposals"] if p["neighbourhood_id"] == nid]
    assert [p["proposal_id"] for p in mine] == [first["proposal_id"], second["proposal_id"]]
    assert mine[0]["current_boundary"] == AROUND_2_TO_12 and mine[0]["boundary"] == smaller

    no_reason = platform.call(
        "POST", f"/ops/boundary-proposals/{second['proposal_id']}/decision",
        headers=olga.auth, json={"decision": "reject"},
    )  # fmt: skip
    assert_error(no_reason, 422, "validation_failed", {"reason"})
    rejected = platform.call(
        "POST", f"/ops/boundary-proposals/{second['proposal_id']}/decision",
        headers=olga.auth, json={"decision": "reject", "reason": "Cuts the market square"},
    )  # fmt: skip
    expect(rejected, 200, "reject")
    approved = platform.call("POST", decision, headers=olga.auth, json=approve)
    expect(approved, 200, "approve")
    again = platform.call("POST", decision, headers=olga.auth, json=approve)
    assert_error(again, 409, "proposal_already_decided")

    after = approved.json()["position"]
    view = get(platform, bob, f"/neighbourhoods/{nid}", after)
    assert view["boundary"] == smaller and view["member"] is True, "Bob stays a member"
    log = get(platform, bob, f"/neighbourhoods/{nid}/moderation-log", after)["entries"]
    actions = [(e["action"], e["actor"], e["reason"]) for e in log[:3]]
    assert actions == [
        ("boundary_changed", {"system": "operators"}, "Only our side of the street"),
        ("boundary_change_approved", {"system": "operators"}, "Suit the old parish"),
        ("boundary_change_rejected", {"system": "operators"}, "Cuts the market square"),
    ]
