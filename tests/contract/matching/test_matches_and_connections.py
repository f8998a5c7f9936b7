"""Where the two halves of matching meet, through their real events on one store and a real
read-model database (SQLite and PostgreSQL): a match both sides accept (matching.MatchConnected)
becomes one connection between them, in which they write and thank each other; a block recorded
by the blocks' own command (matching.ResidentBlocked) withdraws the pair's open matches, ends
their connection and stops new proposals between them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from contracts.matching.events import (
    ConnectionEnded,
    ConnectionMade,
    MatchConnected,
    MatchProposed,
    MatchWithdrawn,
    MessagePosted,
    ThanksGiven,
)
from contracts.matching.matches import connection_id_for, match_id_for
from matching.commands.connections import GiveThanks, PostMessage
from matching.policies import connecting
from matching.projections import connections, contacts, conversations
from services.subscriptions import SubscriptionRunner
from tests.contract.matching.kit import World, world
from tests.support.runners import settle

Database = Callable[[], sa.Engine]


class Both:
    """The proposals policy (the kit's runner) and the connections' subscribers on one store,
    each caught up in turn until none has anything left: what one appends, the others read."""

    def __init__(self, engine: sa.Engine) -> None:
        self.w: World = world(engine)
        store, codec = self.w.people.store, self.w.people.codec
        self.known = SubscriptionRunner(store, engine, contacts.contacts(codec))
        self.made = SubscriptionRunner(store, engine, connections.read_model(codec))
        policy = connecting.connecting(codec, self.w.handlers)
        self.runners = [
            self.w.runner,
            self.known,
            self.made,
            SubscriptionRunner(store, engine, policy),
        ]

    def settle(self) -> None:
        settle(self.runners)

    def events(self, kind: type[Any]) -> list[Any]:
        self.settle()
        codec = self.w.people.codec
        found = (codec.decode(r).event for r in self.w.people.store.read_all(limit=None))
        return [e for e in found if isinstance(e, kind)]

    def seen_by(self, connection_id: uuid.UUID, viewer: uuid.UUID) -> dict[str, Any] | None:
        self.settle()
        with self.w.engine.connect() as conn:
            return conversations.connection(
                conn, self.made.tables(), self.known.tables(), connection_id, viewer
            )


def test_a_match_both_sides_accept_becomes_one_connection_where_they_write_and_thank(
    database: Database,
) -> None:
    both = Both(database())
    w = both.w
    ada, bob = w.resident("Ada", "12 rue de la Paix"), w.resident("Bob", "3 rue de la Paix")
    offer = w.publish(ada, "offer", "Aide au jardinage", "Je tonds les pelouses le samedi")
    request = w.publish(bob, "request", "Help in my garden", "Free on Saturdays")
    both.settle()
    assert len(both.events(MatchProposed)) == 1

    w.accept(offer, request, bob)
    both.settle()
    assert both.events(ConnectionMade) == []  # one side is not enough
    w.accept(offer, request, ada)
    [connected] = both.events(MatchConnected)
    [made] = both.events(ConnectionMade)

    match_id = match_id_for(offer, request)
    assert connected.connection_id == made.connection_id == connection_id_for(match_id)
    assert (made.source, made.match_id, made.listing_id) == ("match", match_id, None)
    assert set(made.resident_ids) == {ada, bob}
    assert made.made_at == connected.connected_at
    seen = both.seen_by(made.connection_id, bob)
    assert seen is not None and seen["other"]["display_name"] == "Ada"

    cid, at = made.connection_id, w.tick()
    w.handlers.act(PostMessage(uuid.uuid4(), cid, bob, "Samedi 10 h ?", False, at), bob)
    w.handlers.act(GiveThanks(uuid.uuid4(), cid, ada, "Merci pour le café", False, at), ada)
    [posted] = both.events(MessagePosted)
    [thanked] = both.events(ThanksGiven)
    assert (posted.author_id, posted.recipient_id) == (bob, ada)
    assert (thanked.author_id, thanked.recipient_id) == (ada, bob)

    # The policy reading the log again (a crash, a rebuild) makes nothing twice.
    again = SubscriptionRunner(
        w.people.store, w.engine, connecting.connecting(w.people.codec, w.handlers)
    )
    while again.run_once():
        pass
    assert len(both.events(ConnectionMade)) == 1


def test_a_block_withdraws_the_pairs_matches_ends_their_connection_and_stops_proposals(
    database: Database,
) -> None:
    both = Both(database())
    w = both.w
    ada, bob = w.resident("Ada"), w.resident("Bob", "2 rue de la Paix")
    offer = w.publish(ada, "offer", "Cours de piano")
    request = w.publish(bob, "request", "Cours de piano")
    other = w.publish(bob, "request", "Piano pour débutant, le samedi")
    both.settle()
    assert {m.request_id for m in both.events(MatchProposed)} == {request, other}
    w.accept(offer, request, ada)
    w.accept(offer, request, bob)
    [made] = both.events(ConnectionMade)

    w.block(bob, ada)
    both.settle()
    [withdrawn] = both.events(MatchWithdrawn)
    assert (withdrawn.match_id, withdrawn.cause) == (match_id_for(offer, other), "blocked")
    [ended] = both.events(ConnectionEnded)
    assert (ended.connection_id, ended.ended_by, ended.reason, ended.blocked) == (
        made.connection_id,
        bob,
        None,
        True,
    )

    # Publishing again, either way round, suggests nothing between them.
    w.publish(ada, "offer", "Cours de piano, le samedi aussi")
    w.publish(bob, "request", "Encore du piano")
    both.settle()
    assert len(both.events(MatchProposed)) == 2

    # A resident nobody blocked is still suggested the new offer: the policy did run.
    cy = w.resident("Cy", "5 rue de la Paix")
    w.publish(cy, "request", "Cours de piano")
    both.settle()
    assert {m.request_author_id for m in both.events(MatchProposed)} == {bob, cy}
    assert len(both.events(MatchProposed)) > 2
