"""Neighbourhoods' read model of its own events, beside its read model of residents, on SQLite and
PostgreSQL: given recorded events, what each viewer sees."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from contracts.identity.events import RoleGranted, RoleRevoked
from contracts.neighbourhoods.events import (
    BoundaryChangeApproved,
    BoundaryChanged,
    BoundaryChangeProposed,
    BoundaryChangeRejected,
    MemberJoined,
    MemberRemoved,
    ModeratorAppointed,
    ModeratorRoleOffered,
    NeighbourhoodCreated,
    NeighbourhoodOpened,
    RejoinRequested,
)
from neighbourhoods.projections import neighbourhoods as projections
from neighbourhoods.projections import proposals as projections_proposals
from neighbourhoods.projections import queries
from neighbourhoods.projections import residents as projections_residents
from services.subscriptions import SubscriptionRunner
from tests.contract.neighbourhoods.kit import (
    CENTRE,
    Residents,
    now,
    residents_world,
)
from tests.support import square
from tests.support.runners import settle


@dataclass
class World:
    people: Residents
    engine: sa.Engine
    runners: list[SubscriptionRunner]

    def tables(self) -> tuple[SimpleNamespace, SimpleNamespace]:
        settle(self.runners)
        return self.runners[0].tables(), self.runners[1].tables()

    def ask(self, query: Any, *args: Any) -> Any:
        t, r = self.tables()
        with self.engine.connect() as conn:
            if query in (queries.neighbourhood, queries.members, queries.moderation_log):
                return query(conn, t, r, *args)
            return query(conn, t, *args)

    def viewer(self, nid: uuid.UUID, rid: uuid.UUID) -> Any:
        t, _ = self.tables()
        with self.engine.connect() as conn:
            return queries.membership(conn, t, nid, rid)

    def rows(self) -> dict[str, list[tuple[Any, ...]]]:
        t, r = self.tables()
        with self.engine.connect() as conn:
            return {
                name: sorted(tuple(map(str, x)) for x in conn.execute(sa.select(table)))
                for name, table in {**vars(t), **vars(r)}.items()
                if isinstance(table, sa.Table)
            }


def world(engine: sa.Engine) -> World:
    people = residents_world()
    runners = [
        SubscriptionRunner(people.store, engine, projections.read_model(people.codec)),
        SubscriptionRunner(people.store, engine, projections_residents.residents(people.codec)),
    ]
    return World(people, engine, runners)


def founded(w: World, founder: uuid.UUID, *members: uuid.UUID) -> tuple[uuid.UUID, str]:
    nid = uuid.uuid4()
    stream = f"neighbourhoods.neighbourhood-{nid}"
    w.people.record(
        stream,
        NeighbourhoodCreated(
            nid, founder, "Quartier de la Paix", "Entre voisins", square(*CENTRE, 800), 2.56, now()
        ),
        *(MemberJoined(nid, rid, uuid.uuid4(), now()) for rid in (founder, *members)),
        actor=f"resident:{founder}",
    )
    return nid, stream


def test_non_members_see_only_name_outline_and_member_count(database: Any) -> None:
    w = world(database())
    ada, bob, eve = (w.people.register(n) for n in ("Ada", "Bob", "Eve"))
    nid, stream = founded(w, ada, bob)
    w.people.record(stream, NeighbourhoodOpened(nid, 2, now()))
    public = w.ask(queries.neighbourhood, nid, eve)
    assert set(public) == {"neighbourhood_id", "name", "boundary", "member_count", "member"}
    assert (public["member_count"], public["member"]) == (2, False)
    assert public["boundary"]["type"] == "Polygon"
    seen = w.ask(queries.neighbourhood, nid, bob)
    assert (seen["status"], seen["description"], seen["viewer"]["role"]) == (
        "open",
        "Entre voisins",
        "member",
    )
    assert seen["founder"] == {"resident_id": str(ada), "display_name": "Ada"}
    assert "rejoin_requests" not in seen, "only moderators see the requests"
    assert "rejoin_requests" in w.ask(queries.neighbourhood, nid, ada)
    assert w.ask(queries.neighbourhood, uuid.uuid4(), ada) is None
    [around] = w.ask(queries.around, *CENTRE)
    assert (around["neighbourhood_id"], around["status"]) == (str(nid), "open")


def test_members_are_listed_with_the_address_each_one_discloses(database: Any) -> None:
    w = world(database())
    ada, bob, cleo = (w.people.register(n) for n in ("Ada", "Bob", "Cleo"))
    for rid in (ada, bob, cleo):
        w.people.verify(rid)
    w.people.identity.change_profile(uuid.uuid4(), bob, "Bob", None, "full")
    w.people.identity.change_profile(uuid.uuid4(), cleo, "Cleo", None, "none")
    nid, _ = founded(w, ada, bob, cleo)
    listed = {m["display_name"]: m for m in w.ask(queries.members, nid)}
    assert [m["role"] for m in w.ask(queries.members, nid)] == ["founder", "member", "member"]
    assert listed["Ada"]["address"] == {"street": "rue de la Paix"}
    assert listed["Bob"]["address"] == {
        "street": "rue de la Paix",
        "line": "12 rue de la Paix",
        "postcode": "71999",
        "city": "Bourg-Démo",
    }
    assert listed["Cleo"]["address"] is None


def test_a_removal_reason_is_shown_to_moderators_and_the_member_concerned_only(
    database: Any,
) -> None:
    w = world(database())
    ada, bob, cleo = (w.people.register(n) for n in ("Ada", "Bob", "Cleo"))
    nid, stream = founded(w, ada, bob, cleo)
    join = w.viewer(nid, bob).join_id
    w.people.record(stream, ModeratorAppointed(nid, cleo, now()), actor=f"resident:{ada}")
    w.people.record(
        stream,
        MemberRemoved(nid, bob, uuid.UUID(join), "insults in the forum", now()),
        actor=f"resident:{cleo}",
    )
    assert w.viewer(nid, bob) is None
    assert w.ask(queries.neighbourhood, nid, ada)["member_count"] == 2
    [removed, appointed] = w.ask(queries.moderation_log, nid, w.viewer(nid, ada))
    assert (removed["action"], removed["reason"]) == ("member_removed", "insults in the forum")
    assert removed["actor"] == {"resident_id": str(cleo), "display_name": "Cleo"}
    assert removed["resident"] == {"resident_id": str(bob), "display_name": "Bob"}
    assert appointed["action"] == "moderator_appointed" and appointed["reason"] is None

    dave = w.people.register("Dave")
    w.people.record(stream, MemberJoined(nid, dave, uuid.uuid4(), now()))
    [hidden, _] = w.ask(queries.moderation_log, nid, w.viewer(nid, dave))
    assert (hidden["reason"], hidden["reason_withheld"]) == (None, True)


def test_erasing_a_resident_forgets_what_was_written_about_them_live_and_rebuilt(
    database: Any,
) -> None:
    w = world(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    nid, stream = founded(w, ada, bob)
    join = uuid.UUID(w.viewer(nid, bob).join_id)
    w.people.record(stream, MemberRemoved(nid, bob, join, "spam", now()), actor=f"resident:{ada}")
    w.people.record(stream, RejoinRequested(nid, bob, "sorry, it will not happen again", now()))
    assert w.ask(queries.neighbourhood, nid, ada)["rejoin_requests"][0]["message"].startswith(
        "sorry"
    )
    w.people.identity.erase(uuid.uuid4(), bob, "system:ops")
    [entry] = w.ask(queries.moderation_log, nid, w.viewer(nid, ada))
    assert entry["reason"] is None
    [request] = w.ask(queries.neighbourhood, nid, ada)["rejoin_requests"]
    assert (request["message"], request["display_name"]) == (None, None)

    live = w.rows()
    for runner in w.runners:
        runner.release()
    rebuilt = world(database())
    rebuilt.people = w.people
    rebuilt.runners = [
        SubscriptionRunner(w.people.store, rebuilt.engine, projections.read_model(w.people.codec)),
        SubscriptionRunner(
            w.people.store, rebuilt.engine, projections_residents.residents(w.people.codec)
        ),
    ]
    assert rebuilt.rows() == live


def test_roles_offers_and_boundaries_follow_the_events_and_repeats_change_nothing(
    database: Any,
) -> None:
    w = world(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    nid, stream = founded(w, ada, bob)
    w.people.record(stream, ModeratorRoleOffered(nid, bob, now()))
    [mine] = w.ask(queries.memberships_of, bob)
    assert (mine["neighbourhood_id"], mine["role"], mine["moderator_offer"]) == (
        str(nid),
        "member",
        True,
    )
    assert [
        o["resident_id"] for o in w.ask(queries.neighbourhood, nid, ada)["moderator_offers"]
    ] == [str(bob)]

    lon, lat = CENTRE
    assert [f["neighbourhood_id"] for f in w.ask(queries.around, lon, lat)] == [str(nid)]
    far = (lon + 0.1, lat)
    w.people.record(
        stream, BoundaryChanged(nid, square(*far, 500), 1.0, "moved to the new estate", now())
    )
    assert w.ask(queries.around, lon, lat) == []
    [found] = w.ask(queries.around, *far)
    assert (found["contains"], found["distance_m"], found["member_count"]) == (True, 0, 2)
    assert found["status"] == "forming"

    before = w.rows()
    t, _ = w.tables()
    history = list(w.people.store.read_all(limit=None, types=projections.TYPES))
    with w.engine.begin() as tx:
        for recorded in history:
            w.runners[0].subscriber.handle(tx, t, recorded)
    assert w.rows() == before


def test_operators_see_pending_proposals_and_members_see_each_in_the_log(database: Any) -> None:
    w = world(database())
    ada, bob, olga = (w.people.register(n) for n in ("Ada", "Bob", "Olga"))
    nid, stream = founded(w, ada, bob)
    kept, dropped = uuid.uuid4(), uuid.uuid4()
    smaller = square(*CENTRE, 300)
    w.people.record(
        stream,
        BoundaryChangeProposed(nid, kept, smaller, 0.36, "our side only", now()),
        BoundaryChangeProposed(nid, dropped, smaller, 0.36, None, now()),
        actor=f"resident:{ada}",
    )
    assert [p["proposal_id"] for p in w.ask(projections_proposals.pending)] == [
        str(kept),
        str(dropped),
    ]
    w.people.record(
        stream,
        BoundaryChangeApproved(nid, kept, None, now()),
        BoundaryChanged(nid, smaller, 0.36, "our side only", now()),
        BoundaryChangeRejected(nid, dropped, "cuts the square", now()),
        actor=f"resident:{olga}",
    )
    assert w.ask(projections_proposals.pending) == []
    assert w.ask(queries.neighbourhood, nid, bob)["boundary"] == smaller
    log = w.ask(queries.moderation_log, nid, w.viewer(nid, bob))
    shown = [(e["action"], e["actor"], (e["proposal"] or {}).get("status")) for e in log]
    operators = {"system": "operators"}
    assert shown == [
        ("boundary_change_rejected", operators, "rejected"),
        ("boundary_changed", operators, "approved"),
        ("boundary_change_approved", operators, "approved"),
        ("boundary_change_proposed", {"resident_id": str(ada), "display_name": "Ada"}, "rejected"),
        ("boundary_change_proposed", {"resident_id": str(ada), "display_name": "Ada"}, "approved"),
    ]


def test_the_operator_role_is_learnt_from_identitys_events(database: Any) -> None:
    w = world(database())
    olga, bob = w.people.register("Olga"), w.people.register("Bob")
    stream = f"identity.resident-{olga}"
    w.people.record(stream, RoleGranted(olga, "moderator", uuid.uuid4(), now()))
    w.people.record(stream, RoleGranted(olga, "operator", None, now()))
    _, r = w.tables()
    with w.engine.connect() as conn:
        assert projections_residents.is_operator(conn, r, olga)
        assert not projections_residents.is_operator(conn, r, bob)
    w.people.record(stream, RoleRevoked(olga, "operator", None, now()))
    _, r = w.tables()
    with w.engine.connect() as conn:
        assert not projections_residents.is_operator(conn, r, olga)
