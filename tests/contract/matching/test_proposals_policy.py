"""The proposals policy on a real read-model database (SQLite and PostgreSQL) and matching's
real handlers: a publication proposes the listings that answer it, once per pair, with its
reasons; both accepts connect; a closed listing, a block or an erasure withdraws; a replay of
the whole log proposes the same matches and appends nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from contracts.listings.events import ListingEdited, ListingHidden, ListingRestored
from contracts.matching.events import MatchConnected, MatchProposed, MatchWithdrawn
from contracts.matching.matches import match_id_for
from matching.commands import Settings
from matching.handlers import MatchingHandlers
from matching.policies.proposals import HORIZON
from tests.contract.matching.kit import runner, world
from tests.contract.neighbourhoods.kit import now

Database = Callable[[], sa.Engine]


def proposed(events: list[Any]) -> list[MatchProposed]:
    return [e for e in events if isinstance(e, MatchProposed)]


def test_an_offer_and_a_request_on_one_street_are_matched_with_their_reasons(
    database: Database,
) -> None:
    w = world(database())
    ada, bob = w.resident("Ada", "12 rue de la Paix"), w.resident("Bob", "3 rue de la Paix")
    offer = w.publish(ada, "offer", "Aide au jardinage", "Je tonds les pelouses le samedi")
    request = w.publish(bob, "request", "Help in my garden", "Free on Saturdays")
    w.settle()
    [match] = proposed(w.matching_events())
    assert (match.offer_id, match.request_id) == (offer, request)
    assert (match.offer_author_id, match.request_author_id) == (ada, bob)
    reasons = {r["factor"]: r for r in match.reasons}
    assert reasons["words"]["detail"]["skills"] == ["gardening"]
    assert reasons["time"]["detail"] == {"days": ["sat"]}
    assert reasons["distance"]["detail"]["same_street"] is True
    assert match.score == sum(r["points"] for r in match.reasons)


def test_two_accepts_connect_the_pair(database: Database) -> None:
    w = world(database())
    ada, bob = w.resident("Ada"), w.resident("Bob", "2 rue de la Paix")
    offer = w.publish(ada, "offer", "Cours de piano")
    request = w.publish(bob, "request", "Cherche cours de piano")
    w.settle()
    w.accept(offer, request, bob)
    w.accept(offer, request, ada)
    [connected] = [e for e in w.matching_events() if isinstance(e, MatchConnected)]
    assert set(connected.resident_ids) == {ada, bob}
    [row] = w.matches()
    assert (row.status, row.offer_accepted, row.request_accepted) == ("connected", True, True)


def test_editing_and_republishing_never_propose_a_pair_twice(database: Database) -> None:
    w = world(database())
    ada, bob = w.resident("Ada"), w.resident("Bob", "2 rue de la Paix")
    offer = w.publish(ada, "offer", "Perceuse", category="loan", details={"item": "Perceuse"})
    request = w.publish(bob, "request", "Perceuse", category="loan", details={"item": "Perceuse"})
    w.settle()
    edited = ListingEdited(offer, ada, "Perceuse Bosch", "", {"item": "Perceuse"}, [], w.tick())
    w.record(f"listings.listing-{offer}", edited)
    w.settle()
    assert [m.match_id for m in proposed(w.matching_events())] == [match_id_for(offer, request)]


def test_a_listing_closing_withdraws_its_open_match(database: Database) -> None:
    w = world(database())
    ada, bob = w.resident("Ada"), w.resident("Bob", "2 rue de la Paix")
    offer = w.publish(ada, "offer", "Cours de piano")
    w.publish(bob, "request", "Cours de piano")
    w.settle()
    w.close(offer)
    w.settle()
    [withdrawn] = [e for e in w.matching_events() if isinstance(e, MatchWithdrawn)]
    assert withdrawn.cause == "listing_closed"
    assert [row.status for row in w.matches()] == ["withdrawn"]


def test_residents_who_blocked_each_other_are_withdrawn_and_never_matched_again(
    database: Database,
) -> None:
    w = world(database())
    ada, bob = w.resident("Ada"), w.resident("Bob", "2 rue de la Paix")
    w.publish(ada, "offer", "Cours de piano")
    w.publish(bob, "request", "Cours de piano")
    w.settle()
    w.block(bob, ada)
    w.publish(ada, "offer", "Cours de piano pour débutants")
    w.settle()
    events = w.matching_events()
    assert len(proposed(events)) == 1
    [withdrawn] = [e for e in events if isinstance(e, MatchWithdrawn)]
    assert withdrawn.cause == "blocked"


def test_an_erased_resident_is_withdrawn_and_never_matched(database: Database) -> None:
    w = world(database())
    ada, bob = w.resident("Ada"), w.resident("Bob", "2 rue de la Paix")
    w.publish(ada, "offer", "Cours de piano")
    w.publish(bob, "request", "Cours de piano")
    w.settle()
    w.people.identity.erase(uuid.uuid4(), ada, f"resident:{ada}", "long enough secret")
    w.publish(w.resident("Cy", "3 rue de la Paix"), "request", "Cours de piano")
    w.settle()
    events = w.matching_events()
    assert [e.cause for e in events if isinstance(e, MatchWithdrawn)] == ["erased"]
    assert all(ada not in (m.offer_author_id, m.request_author_id) for m in proposed(events)[1:])


def test_homes_beyond_a_loans_radius_are_not_matched(database: Database) -> None:
    w = world(database())
    ada, bob = w.resident("Ada"), w.resident("Bob", "1 rue de l'Église")
    details = {"item": "Perceuse"}
    w.publish(ada, "offer", "Perceuse", category="loan", details=details)
    w.publish(bob, "request", "Perceuse", category="loan", details=details)
    w.settle()
    assert proposed(w.matching_events()) == []


def test_at_most_the_daily_number_of_proposals_per_listing(database: Database) -> None:
    w = world(database(), Settings(proposals_per_day=2, minimum_score=35))
    asker = w.resident("Ada")
    for n in range(4):
        w.publish(w.resident(f"Giver{n}", f"{n + 1} rue de la Paix"), "offer", "Cours de piano")
    request = w.publish(asker, "request", "Cours de piano")
    w.settle()
    assert len([m for m in proposed(w.matching_events()) if m.request_id == request]) == 2


def test_replaying_the_log_reproduces_the_same_matches_and_appends_nothing(
    database: Database,
) -> None:
    w = world(database())
    ada, bob = w.resident("Ada"), w.resident("Bob", "2 rue de la Paix")
    cy = w.resident("Cy", "3 rue de la Paix")
    offer = w.publish(ada, "offer", "Cours de piano le samedi")
    w.publish(bob, "request", "Cours de piano")
    w.publish(cy, "request", "Piano, samedi")
    w.settle()
    w.accept(offer, w.matches()[0].request_id, ada)
    w.block(cy, ada)
    w.settle()
    head, before = w.people.store.head(), _rows(w.engine, w.settle())
    fresh = database()
    replay = runner(w.people, fresh, w.handlers)
    while replay.run_once():
        pass
    assert w.people.store.head() == head
    assert _rows(fresh, replay.tables()) == before


def test_a_rebuild_long_after_an_erasure_learns_the_same_matches_and_appends_nothing(
    database: Database,
) -> None:
    w = world(database(), Settings(proposals_per_day=1, minimum_score=35))
    ada, bob = w.resident("Ada"), w.resident("Bob", "2 rue de la Paix")
    cy = w.resident("Cy", "3 rue de la Paix")
    w.publish(bob, "offer", "Cours de piano le samedi")
    w.publish(cy, "offer", "Cours de piano")
    w.publish(ada, "request", "Cours de piano le samedi")
    w.settle()
    w.people.identity.erase(uuid.uuid4(), bob, f"resident:{bob}", "long enough secret")
    before = _rows(w.engine, w.settle())
    head = w.people.store.head()
    later = MatchingHandlers(w.people.store, w.people.codec, lambda: now() + HORIZON * 2)
    fresh = database()
    replay = runner(w.people, fresh, later)
    while replay.run_once():
        pass
    assert w.people.store.head() == head
    assert _rows(fresh, replay.tables()) == before


def test_a_publication_older_than_the_horizon_proposes_nothing(database: Database) -> None:
    w = world(database(), clock=lambda: now() + HORIZON + timedelta(minutes=1))
    ada, bob = w.resident("Ada"), w.resident("Bob", "2 rue de la Paix")
    w.publish(ada, "offer", "Cours de piano")
    w.publish(bob, "request", "Cours de piano")
    w.settle()
    assert proposed(w.matching_events()) == []


def _rows(engine: sa.Engine, t: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.matches).order_by(t.matches.c.match_id))
        return [tuple(row) for row in rows]


def test_a_hidden_listing_is_withdrawn_and_matched_again_once_restored(
    database: Database,
) -> None:
    w = world(database())
    ada, bob = w.resident("Ada"), w.resident("Bob", "2 rue de la Paix")
    cy = w.resident("Cy", "3 rue de la Paix")
    offer = w.publish(ada, "offer", "Cours de piano")
    w.publish(bob, "request", "Cours de piano")
    w.settle()
    w.record(f"listings.listing-{offer}", ListingHidden(offer, 3, w.tick()))
    late = w.publish(cy, "request", "Cours de piano le soir")
    w.settle()
    assert [e.cause for e in w.matching_events() if isinstance(e, MatchWithdrawn)] == [
        "listing_closed"
    ]
    assert match_id_for(offer, late) not in {m.match_id for m in proposed(w.matching_events())}
    restored = ListingRestored(offer, w.nid, ada, "Rien à redire", w.tick())
    w.record(f"listings.listing-{offer}", restored)
    w.settle()
    assert match_id_for(offer, late) in {m.match_id for m in proposed(w.matching_events())}


def test_residents_who_unblock_each_other_may_be_matched_again(database: Database) -> None:
    w = world(database())
    ada, bob = w.resident("Ada"), w.resident("Bob", "2 rue de la Paix")
    w.block(ada, bob)
    w.publish(ada, "offer", "Cours de piano")
    w.settle()
    w.block(ada, bob, "ResidentUnblocked")
    request = w.publish(bob, "request", "Cours de piano")
    w.settle()
    assert [m.request_id for m in proposed(w.matching_events())] == [request]
