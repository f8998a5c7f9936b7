"""A neighbourhood's board and a listing as each viewer sees them, on SQLite and PostgreSQL:
membership, filters, newest first with opaque cursors, hidden, removed and withdrawn listings."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from contracts.listings.events import (
    ListingClosed,
    ListingHidden,
    ListingRemoved,
    ListingWithdrawn,
)
from contracts.neighbourhoods.events import MemberJoined, ModeratorAppointed
from listings.projections import facts, listings, pages, queries
from tests.contract.listings.kit import stream, world
from tests.contract.neighbourhoods.kit import now


def test_a_non_member_gets_no_board_and_sees_no_listing(database: Any) -> None:
    w = world(database())
    ada, eve = w.people.register("Ada"), w.people.register("Eve")
    nid = w.neighbourhood(ada)
    lid = w.publish(ada, [nid], "Perceuse")
    assert w.ask(queries.board, nid, eve) is None
    assert w.ask(queries.listing, lid, eve) is None
    assert w.ask(queries.listing, uuid.uuid4(), ada) is None
    assert w.ask(queries.listing, lid, ada)["title"] == "Perceuse"


def test_pages_go_newest_first_without_repeating_and_a_forged_cursor_is_refused(
    database: Any,
) -> None:
    w = world(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    nid = w.neighbourhood(ada, bob)
    published = [w.publish(ada, [nid], f"Annonce {n}") for n in range(25)]
    seen: list[str] = []
    cursor = None
    for _ in range(3):
        page = w.ask(queries.board, nid, bob, cursor=cursor, limit=10)
        seen += [x["listing_id"] for x in page["items"]]
        cursor = page["next_cursor"]
    assert cursor is None and seen == [str(x) for x in reversed(published)]
    w.publish(ada, [nid], "Arrivée pendant la lecture")
    first = w.ask(queries.board, nid, bob, limit=10)
    second = w.ask(queries.board, nid, bob, cursor=first["next_cursor"], limit=10)
    assert second["items"][0]["listing_id"] == str(published[15])
    with pytest.raises(pages.InvalidPage):
        w.ask(queries.board, nid, bob, cursor="not-a-cursor")
    with pytest.raises(pages.InvalidPage):
        w.ask(queries.board, nid, bob, limit=0)


def test_filters_by_kind_category_status_and_author(database: Any) -> None:
    w = world(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    nid = w.neighbourhood(ada, bob)
    drill = w.publish(ada, [nid], "Perceuse", category="loan")
    w.publish(bob, [nid], "Cherche covoiturage", kind="request", category="transport")
    w.record(stream(drill), ListingClosed(drill, "done", w.tick()))

    def listed(**options: Any) -> list[str]:
        return [x["title"] for x in w.ask(queries.board, nid, bob, **options)["items"]]

    assert listed(kind="request") == ["Cherche covoiturage"]
    assert listed(category="loan") == ["Perceuse"]
    assert listed(status="open") == ["Cherche covoiturage"]
    assert listed(status="closed_done") == ["Perceuse"]
    assert listed(author=ada) == ["Perceuse"]
    card = w.ask(queries.board, nid, bob, author=ada)["items"][0]
    assert card["author"] == {"resident_id": str(ada), "display_name": "Ada", "street": None}
    assert card["neighbourhood_ids"] == [str(nid)] and card["status"] == "closed_done"


def test_a_hidden_listing_is_seen_by_its_author_and_moderators_a_removed_one_by_its_author(
    database: Any,
) -> None:
    w = world(database())
    ada, bob, mod = (w.people.register(n) for n in ("Ada", "Bob", "Mod"))
    founder = w.people.register("Founder")
    nid = w.neighbourhood(founder, ada, bob, mod)
    w.record(f"neighbourhoods.neighbourhood-{nid}", ModeratorAppointed(nid, mod, now()))
    lid = w.publish(ada, [nid], "Perceuse")
    w.record(stream(lid), ListingHidden(lid, 3, w.tick()))

    def sees(viewer: uuid.UUID) -> tuple[bool, bool]:
        on_board = bool(w.ask(queries.board, nid, viewer)["items"])
        return on_board, w.ask(queries.listing, lid, viewer) is not None

    assert [sees(x) for x in (ada, bob, mod, founder)] == [
        (True, True),
        (False, False),
        (True, True),
        (True, True),
    ]
    w.record(stream(lid), ListingRemoved(lid, nid, ada, "arnaque", w.tick()))
    assert [sees(x) for x in (ada, bob, mod)] == [(True, True), (False, False), (False, False)]
    assert w.ask(queries.listing, lid, ada)["status"] == "removed"


def test_a_listing_withdrawn_from_one_neighbourhood_stays_on_the_other_board(
    database: Any,
) -> None:
    w = world(database())
    ada, bob, cleo = (w.people.register(n) for n in ("Ada", "Bob", "Cleo"))
    north, south = w.neighbourhood(ada, bob), w.neighbourhood(cleo, ada)
    lid = w.publish(ada, [north, south], "Perceuse")
    assert w.ask_read_model(queries.open_listings_of, ada, north) == [lid]
    w.record(stream(lid), ListingWithdrawn(lid, north, "left", w.tick()))
    assert w.ask(queries.board, north, bob)["items"] == []
    assert w.ask(queries.listing, lid, bob) is None
    [card] = w.ask(queries.board, south, cleo)["items"]
    assert (card["status"], card["neighbourhood_ids"]) == ("open", [str(south)])
    assert w.ask_read_model(queries.open_listings_of, ada, north) == []
    w.record(stream(lid), ListingWithdrawn(lid, south, "left", w.tick()))
    assert w.ask(queries.listing, lid, ada)["status"] == "withdrawn"
    assert w.ask(queries.listing, lid, cleo) is None


def test_membership_learnt_late_opens_the_board_and_duplicates_change_nothing(
    database: Any,
) -> None:
    w = world(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    nid = w.neighbourhood(ada)
    w.publish(ada, [nid], "Perceuse")
    assert w.ask(queries.board, nid, bob) is None
    joined = MemberJoined(nid, bob, uuid.uuid4(), now())
    w.record(f"neighbourhoods.neighbourhood-{nid}", joined)
    before = w.rows()
    assert len(w.ask(queries.board, nid, bob)["items"]) == 1
    assert w.ask_facts(facts.member_of, bob) == frozenset({nid})
    assert w.ask_facts(facts.moderates, ada) == frozenset({nid})
    # Every event delivered again (a replay from an older checkpoint) changes no row.
    t, f = w.tables()
    with w.engine.begin() as tx:
        for recorded in w.people.store.read_all():
            if recorded.type in facts.TYPES:
                facts.apply(tx, f, w.people.codec.decode(recorded).event, recorded.version)
            if recorded.type in listings.TYPES:
                listings.apply(tx, t, w.people.codec.decode(recorded))
    assert w.rows() == before
