"""The neighbourhoods service through Nameko RPC, run as `make run` runs it beside identity and
the relay: real RabbitMQ (a vhost of the test's own), event store and read models on SQLite (the
embedded defaults). Residents are verified through identity; neighbourhoods learns of it from
identity's events only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.neighbourhoods.procs import (
    CENTRE,
    EGLISE,
    GRANDE_RUE,
    LAVOIR,
    PAIX,
    cid,
    refused,
    register,
    square,
    verify,
)
from tests.support.platform_procs import assert_no_errors, chain, environment

pytestmark = [pytest.mark.rabbitmq]


@pytest.fixture
def cluster(amqp_uri: str, data_dir: Path, tmp_path: Path) -> Iterator[Any]:
    env = environment(data_dir, amqp_uri)
    with chain(amqp_uri, env, tmp_path, "identity.service", "neighbourhoods.service") as (_, proxy):
        yield proxy
    assert_no_errors(tmp_path / "neighbourhoods.log")


def test_found_join_and_see_a_neighbourhood_as_member_and_as_stranger(
    cluster: Any, data_dir: Path, tmp_path: Path
) -> None:
    identity, hoods = cluster.identity, cluster.neighbourhoods
    ada, bob, eve = (register(identity, n) for n in ("Ada", "Bob", "Eve"))
    verify(identity, data_dir, ada, PAIX)
    verify(identity, data_dir, eve, LAVOIR)
    seen = verify(identity, data_dir, bob, GRANDE_RUE)
    identity.update_profile(cid(), bob, "Bob", None, "full")

    assert refused(hoods.create, cid(), register(identity, "Zed"), "X", "", square(800)).code == (
        "not_verified"
    )
    created = hoods.create(cid(), ada, "La Paix", "Entre voisins", square(800), after=seen)
    nid = created["neighbourhood_id"]
    hoods.join(cid(), nid, bob, after=seen)
    outside = refused(hoods.join, cid(), nid, eve)
    assert outside.code == "home_outside_boundary" and outside.details["distance_m"] > 100

    stranger = hoods.get(nid, eve)
    assert set(stranger) == {"neighbourhood_id", "name", "boundary", "member_count", "member"}
    assert stranger["member_count"] == 2
    member = hoods.get(nid, bob)
    assert (member["status"], member["viewer"]["role"]) == ("forming", "member")
    assert member["founder"] == {"resident_id": ada, "display_name": "Ada"}

    assert refused(hoods.members, nid, eve).code == "not_a_member"
    listed = {m["display_name"]: m for m in hoods.members(nid, ada)}
    assert listed["Ada"]["address"] == {"street": "rue de la Paix"}
    assert listed["Bob"]["address"]["line"] == "5 Grande Rue"

    lon, lat = CENTRE
    [around] = hoods.find(lat, lon)
    assert (around["neighbourhood_id"], around["contains"]) == (nid, True)
    assert around["status"] == "forming", "two members are not enough to open"
    [near_eve] = hoods.find_for_resident(eve)
    assert near_eve["contains"] is False and 0 < near_eve["distance_m"] <= 1000
    assert hoods.memberships_of(bob)[0]["neighbourhood_id"] == nid

    log = (tmp_path / "neighbourhoods.log").read_text()
    assert "Ada" not in log and "Grande Rue" not in log, "personal data in the log"


def test_moderation_boundaries_and_rejoining_through_rpc(cluster: Any, data_dir: Path) -> None:
    identity, hoods = cluster.identity, cluster.neighbourhoods
    ada, bob, cleo = (register(identity, n) for n in ("Ada", "Bob", "Cleo"))
    for rid, where in ((ada, PAIX), (bob, GRANDE_RUE), (cleo, EGLISE)):
        seen = verify(identity, data_dir, rid, where)
    nid = hoods.create(cid(), ada, "Le Bourg", "", square(1000), after=seen)["neighbourhood_id"]
    for rid in (bob, cleo):
        hoods.join(cid(), nid, rid)

    # A smaller outline (it would leave Cleo's home out) is only proposed: the answer says
    # nothing of anyone's home, and is the same as for any shape giving up area.
    proposed = hoods.change_boundary(cid(), nid, ada, square(800), "smaller")
    assert proposed["status"] == "proposed" and set(proposed) == {
        "status",
        "proposal_id",
        "position",
    }
    assert refused(hoods.change_boundary, cid(), nid, bob, square(900)).code == "not_a_moderator"
    assert hoods.get(nid, ada, after=proposed["position"])["area_km2"] > 3

    hoods.appoint_moderator(cid(), nid, ada, bob)
    removed = hoods.remove_member(cid(), nid, bob, cleo, "repeated spam")
    log = hoods.moderation_log(nid, ada, after=removed["position"])
    assert [e["action"] for e in log] == [
        "member_removed",
        "moderator_appointed",
        "boundary_change_proposed",
    ]
    assert log[0]["reason"] == "repeated spam" and log[0]["actor"]["resident_id"] == bob
    assert log[2]["proposal"] == {"proposal_id": proposed["proposal_id"], "status": "pending"}

    operator = register(identity, "Olga")
    granted = identity.grant_role(cid(), operator, "operator", actor="system:ops.test")
    pid = proposed["proposal_id"]
    assert refused(hoods.boundary_proposals, ada).code == "not_an_operator"
    assert refused(hoods.decide_boundary_proposal, cid(), pid, ada, True).code == "not_an_operator"
    [pending] = hoods.boundary_proposals(operator, after=granted["position"])
    assert (pending["proposal_id"], pending["neighbourhood_id"]) == (pid, nid)
    changed = hoods.decide_boundary_proposal(cid(), pid, operator, True, "the old town only")
    assert hoods.get(nid, ada, after=changed["position"])["area_km2"] < 3
    assert hoods.boundary_proposals(operator) == []
    decided = hoods.moderation_log(nid, ada)[1]
    assert decided["action"] == "boundary_change_approved"
    assert decided["actor"] == {"system": "operators"}, "members see the decision, not who took it"

    assert refused(hoods.join, cid(), nid, cleo).code == "rejoin_needs_approval"
    asked = hoods.request_rejoin(cid(), nid, cleo, "sorry")
    requests = hoods.get(nid, bob, after=asked["position"])["rejoin_requests"]
    assert [(r["resident_id"], r["message"]) for r in requests] == [(cleo, "sorry")]
    hoods.approve_rejoin(cid(), nid, bob, cleo)
    assert refused(hoods.join, cid(), nid, cleo).code == "home_outside_boundary"

    hoods.dismiss_moderator(cid(), nid, ada, bob, "rotation")
    left = hoods.leave(cid(), nid, bob)
    assert hoods.memberships_of(bob, after=left["position"]) == []


def test_malformed_calls_are_refused_with_stable_codes(cluster: Any) -> None:
    hoods = cluster.neighbourhoods
    assert refused(hoods.get, "not-a-uuid").code == "invalid_request"
    assert refused(hoods.get, str(uuid.uuid4())).code == "not_found"
    assert refused(hoods.find, 91, 0).code == "invalid_request"
    assert refused(hoods.find, "north", 0).code == "invalid_request"
    assert refused(hoods.join, cid(), str(uuid.uuid4())).code == "invalid_request"
    bad = refused(hoods.create, cid(), str(uuid.uuid4()), "X", "", "not json")
    assert bad.code == "invalid_request"
    assert refused(hoods.get, str(uuid.uuid4()), after="garbage").code == "invalid_request"
