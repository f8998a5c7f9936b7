"""Connections' read models and the connecting policy on SQLite and PostgreSQL, with identity's
real handlers on a memory store: a chosen responder becomes one connection (however often the
policy runs), each side sees what the other discloses, a block stops a pair from being connected
and ends their open connection, an erased author's messages read erased live and after a rebuild,
and analysts never get a message's text.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from contracts.listings.events import RecipientChosen, ResponderChosen
from contracts.matching.events import MatchConnected, ResidentBlocked
from contracts.matching.matches import connection_id_for
from matching.commands.blocks import BlockResident, UnblockResident
from matching.commands.connections import EndConnection, GiveThanks, PostMessage
from matching.handlers import MatchingHandlers, resident_actor
from matching.policies import connecting
from matching.projections import connections, contacts, conversations
from services.subscriptions import SubscriptionRunner
from tests.contract.neighbourhoods.kit import Residents, residents_world
from tests.support.runners import settle

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class World:
    def __init__(self, engine: sa.Engine, people: Residents | None = None) -> None:
        self.people = people or residents_world()
        self.engine = engine
        self.streams = MatchingHandlers(
            self.people.store, self.people.codec, lambda: T0 + timedelta(hours=1)
        )
        codec = self.people.codec
        self.runners = [
            SubscriptionRunner(self.people.store, engine, contacts.contacts(codec)),
            SubscriptionRunner(self.people.store, engine, connections.read_model(codec)),
            SubscriptionRunner(
                self.people.store, engine, connecting.connecting(codec, self.streams)
            ),
        ]

    def settle(self) -> None:
        """Every subscriber caught up, the policy's own events included."""
        settle(self.runners)

    def ask(self, query: Any, *args: Any) -> Any:
        self.settle()
        known, made = self.runners[0].tables(), self.runners[1].tables()
        with self.engine.connect() as conn:
            if query in (conversations.connection, conversations.thanks_for):
                return query(conn, made, known, *args)
            return query(conn, made, *args)

    def chosen(self, author: uuid.UUID, responder: uuid.UUID) -> uuid.UUID:
        listing, connection = uuid.uuid4(), uuid.uuid4()
        event = ResponderChosen(listing, uuid.uuid4(), responder, author, connection, T0)
        self.people.record(f"listings.listing-{listing}", event)
        return connection

    def run(self, command: Any, actor: uuid.UUID) -> None:
        self.streams.execute(command, resident_actor(actor))

    def post(self, connection: uuid.UUID, author: uuid.UUID, text: str) -> None:
        self.run(PostMessage(uuid.uuid4(), connection, author, text, False, T0), author)

    def rows(self) -> dict[str, list[tuple[str, ...]]]:
        self.settle()
        found: dict[str, list[tuple[str, ...]]] = {}
        with self.engine.connect() as conn:
            for runner in self.runners[:2]:
                for name, table in vars(runner.tables()).items():
                    # The message number is the database's own; the rest is the log's.
                    kept = [c for c in table.c if c.name != "seq"]
                    rows = conn.execute(sa.select(*kept))
                    found[name] = sorted(tuple(map(str, x)) for x in rows)
        return found


def test_a_chosen_responder_is_connected_once_and_sees_what_the_other_discloses(
    database: Any,
) -> None:
    w = World(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    w.people.verify(ada)
    w.people.identity.change_profile(uuid.uuid4(), bob, "Bob", "06 11 22 33 44", "full")
    w.people.verify(bob)
    connection = w.chosen(ada, bob)
    w.settle()
    # The policy forgets its checkpoint (a crash, a rebuild): nothing is made twice.
    again = SubscriptionRunner(
        w.people.store, w.engine, connecting.connecting(w.people.codec, w.streams)
    )
    while again.run_once():
        pass
    made = [e for e in w.people.store.read_all(limit=None, types=["matching.ConnectionMade"])]
    assert len(made) == 1

    seen_by_ada = w.ask(conversations.connection, connection, ada)
    assert seen_by_ada["other"]["phone"] == "06 11 22 33 44"
    assert seen_by_ada["other"]["email"].startswith("bob-")
    assert seen_by_ada["other"]["address"]["line"] == "12 rue de la Paix"
    seen_by_bob = w.ask(conversations.connection, connection, bob)
    assert seen_by_bob["other"]["email"] is None and seen_by_bob["other"]["phone"] is None
    assert seen_by_bob["other"]["address"] == {"street": "rue de la Paix", "city": "Bourg-Démo"}
    assert w.ask(conversations.connection, connection, uuid.uuid4()) is None


def test_a_block_before_stops_a_connection_and_one_after_ends_it_and_hides_messages(
    database: Any,
) -> None:
    w = World(database())
    ada, bob, cleo = (w.people.register(n) for n in ("Ada", "Bob", "Cleo"))
    w.run(BlockResident(uuid.uuid4(), cleo, ada, True, T0), cleo)
    never = w.chosen(ada, cleo)
    talking = w.chosen(ada, bob)
    w.settle()
    assert w.ask(conversations.connection, never, ada) is None
    w.post(talking, ada, "Bonjour Bob")
    w.post(talking, bob, "Bonjour Ada")
    w.run(BlockResident(uuid.uuid4(), bob, ada, True, T0), bob)
    shown = w.ask(conversations.connection, talking, ada)
    assert (shown["status"], shown["blocked"], shown["end_reason"]) == ("ended", True, None)
    assert shown["ended_by_block"] is True
    assert shown["other"]["display_name"] == "Bob" and shown["other"]["address"] is None
    assert [m["text"] for m in w.ask(conversations.messages, talking, ada, None, 10)["items"]] == [
        "Bonjour Bob"
    ]
    assert [m["text"] for m in w.ask(conversations.messages, talking, bob, None, 10)["items"]] == [
        "Bonjour Ada"
    ]
    # Lifted, the block no longer stands; the connection still says what ended it.
    w.run(UnblockResident(uuid.uuid4(), bob, ada, T0), bob)
    shown = w.ask(conversations.connection, talking, ada)
    assert (shown["blocked"], shown["ended_by_block"]) == (False, True)
    # A connection ended by one of its sides was not ended by a block.
    ended = w.chosen(bob, cleo)
    w.settle()
    w.run(EndConnection(uuid.uuid4(), ended, cleo, "blocked", T0), cleo)
    shown = w.ask(conversations.connection, ended, bob)
    assert (shown["status"], shown["end_reason"], shown["ended_by_block"]) == (
        "ended",
        "blocked",
        False,
    )


def test_an_erased_authors_messages_and_thanks_read_erased_live_and_after_a_rebuild(
    database: Any,
) -> None:
    w = World(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    connection = w.chosen(ada, bob)
    w.settle()
    w.post(connection, bob, "Je passe à 18 h")
    w.post(connection, ada, "Parfait")
    w.run(GiveThanks(uuid.uuid4(), connection, bob, "Merci Ada", False, T0), bob)
    w.people.identity.erase(uuid.uuid4(), bob, "system:ops")
    page = w.ask(conversations.messages, connection, ada, None, 10)
    assert [(m["text"], m["erased"]) for m in page["items"]] == [(None, True), ("Parfait", False)]
    [thanks] = w.ask(conversations.thanks_for, ada, ada)["items"]
    assert (thanks["text"], thanks["author"]["display_name"]) == (None, None)

    live = w.rows()
    for runner in w.runners:
        runner.release()
    rebuilt = World(database(), w.people)
    assert rebuilt.rows() == live

    # Analysts get the message's pseudonym, never its words, even before the erasure.
    [posted] = list(w.people.store.read_all(limit=None, types=["matching.MessagePosted"]))[1:]
    shared = w.people.codec.for_analytics(posted)
    assert shared["data"]["text"].startswith("psn_") and "Parfait" not in str(shared)


def test_a_page_cursor_handed_out_before_a_rebuild_pages_the_rebuilt_read_model(
    database: Any,
) -> None:
    w = World(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    connection = w.chosen(ada, bob)
    w.settle()
    for n in range(5):
        w.post(connection, (ada, bob)[n % 2], f"message {n}")
    w.settle()
    messages = w.runners[1].tables().messages
    with w.engine.begin() as conn:
        # The live table's numbers have gaps (batches rolled back and retried); a rebuild
        # numbers the same messages 1, 2, 3...
        conn.execute(messages.update().values(seq=messages.c.seq * 10 + 1_000_000))
    newest = w.ask(conversations.messages, connection, ada, None, 2)
    assert [m["text"] for m in newest["items"]] == ["message 3", "message 4"]
    for runner in w.runners:
        runner.release()
    rebuilt = World(database(), w.people)
    older = rebuilt.ask(conversations.messages, connection, ada, newest["next_cursor"], 10)
    assert [m["text"] for m in older["items"]] == [f"message {n}" for n in range(3)]
    assert older["next_cursor"] is None


def test_a_match_both_accepted_is_connected_unless_one_blocks_the_other(database: Any) -> None:
    """The policy's reaction to matching.MatchConnected on its own tables, a block recorded
    between the match's connection and the policy reading it included (the whole path, from
    both accepts, is in test_matches_and_connections.py)."""
    engine = database()
    metadata = sa.MetaData()
    tables = connecting.define(metadata, "_v1")
    metadata.create_all(engine)
    ada, bob, cleo = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()

    def match_connected(first: uuid.UUID, second: uuid.UUID) -> tuple[Any, Any]:
        match_id = uuid.uuid4()
        event = MatchConnected(
            match_id, connection_id_for(match_id), [first, second], uuid.uuid4(), uuid.uuid4(), T0
        )
        recorded = SimpleNamespace(event_id=uuid.uuid4(), type="matching.MatchConnected")
        return recorded, event

    with engine.begin() as tx:
        blocked = SimpleNamespace(event_id=uuid.uuid4(), type="matching.ResidentBlocked")
        connecting.react(tx, tables, blocked, ResidentBlocked(cleo, ada, T0))
        [made] = connecting.react(tx, tables, *match_connected(ada, bob))
        [refused] = connecting.react(tx, tables, *match_connected(ada, cleo))
    assert (made.source, made.blocked, set(made.resident_ids)) == ("match", False, {ada, bob})
    assert made.match_id is not None and made.listing_id is None
    assert refused.blocked is True  # decided on by the connection, which then makes nothing


def test_a_giveaways_recipient_is_connected_with_the_giver_once_whoever_chose_them(
    database: Any,
) -> None:
    """A first-come giveaway's first responder, or the one its giver picks, is put in touch with
    the giver; the giver going ahead with the same response as well names the same connection,
    made once; a recipient who blocked the giver is not put in touch."""
    w = World(database())
    ada, bob, cleo, dan = (w.people.register(n) for n in ("Ada", "Bob", "Cleo", "Dan"))
    w.people.verify(ada)

    def given(to: uuid.UUID, allocation: str, response: uuid.UUID | None = None) -> uuid.UUID:
        listing, connection = uuid.uuid4(), uuid.uuid4()
        chosen = RecipientChosen(
            listing, ada, response or uuid.uuid4(), to, allocation, connection, T0
        )
        w.people.record(f"listings.listing-{listing}", chosen)
        if response is not None:  # and the giver went ahead with that response too
            also = ResponderChosen(listing, response, to, ada, connection, T0)
            w.people.record(f"listings.listing-{listing}", also)
        return connection

    first_come = given(bob, "first_come")
    picked = given(dan, "giver_chooses", response=uuid.uuid4())
    w.run(BlockResident(uuid.uuid4(), cleo, ada, True, T0), cleo)
    given(cleo, "first_come")
    w.settle()

    made = list(w.people.store.read_all(limit=None, types=["matching.ConnectionMade"]))
    assert [w.people.codec.decode(e).event.connection_id for e in made] == [first_come, picked]
    seen_by_bob = w.ask(conversations.connection, first_come, bob)
    assert seen_by_bob["other"]["display_name"] == "Ada"
    w.post(first_come, bob, "Je passe prendre le vélo ce soir")
    page = w.ask(conversations.messages, first_come, ada, None, 10)
    assert [m["text"] for m in page["items"]] == ["Je passe prendre le vélo ce soir"]
