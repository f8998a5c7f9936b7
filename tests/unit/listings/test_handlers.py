"""The handlers over the in-memory event store: a publication writes the author's postings and
the listing, repeated commands append nothing twice, a crash between the two appends is
completed by the same command, and concurrent publications by one author never pass the
limit."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from contracts import default_registry
from contracts.listings.events import ListingPublished, PostingRecorded, ResponseSent
from listings.commands import CloseListing, Limits, RenewListing, ReopenListing, Settings
from listings.domain.author import author_stream
from listings.domain.errors import InvalidTitle, ListingsRefusal, TooManyListings
from listings.domain.listing import listing_stream
from listings.handlers import Created, ListingHandlers
from listings.handlers.base import resident_actor
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.support.clock import Clock
from tests.unit.listings import LOAN, SHA, T0
from tests.unit.neighbourhoods.world import Crash, FlakyStore


@dataclass
class World:
    store: FlakyStore
    codec: Codec
    clock: Clock[Any]
    handlers: ListingHandlers
    nid: uuid.UUID

    def events(self, stream: str) -> list[Any]:
        return [self.codec.decode(r).event for r in self.store.read_stream(stream)]

    def publish(
        self, author: uuid.UUID, command_id: uuid.UUID | None = None, title: str = "Perceuse"
    ) -> Created:
        return self.handlers.publish(
            command_id or uuid.uuid4(), author, (self.nid,), "offer", "loan", title, "",
            LOAN, (), None, frozenset({self.nid}), {},
        )  # fmt: skip


def world(settings: Settings | None = None) -> World:
    store = FlakyStore()
    codec = Codec(default_registry(), MemoryKeyring(), b"p" * 32)
    clock: Clock[Any] = Clock(T0)
    handlers = ListingHandlers(store, codec, clock, settings)  # type: ignore[arg-type]
    return World(store, codec, clock, handlers, uuid.uuid4())


def test_a_publication_writes_the_authors_posting_then_the_listing() -> None:
    w = world()
    author = uuid.uuid4()
    created = w.publish(author)
    [posting] = w.events(author_stream(author))
    [listing] = w.events(listing_stream(created.id))
    assert posting == PostingRecorded(author, created.id, [w.nid], "loan", T0)
    assert isinstance(listing, ListingPublished) and listing.listing_id == created.id
    assert created.position == str(w.store.head())
    assert w.handlers.listing(created.id).is_open


def test_a_refused_publication_records_nothing() -> None:
    w = world(Settings(Limits(listings=1)))
    author = uuid.uuid4()
    with pytest.raises(InvalidTitle):
        w.publish(author, title="no")
    assert w.store.head() is None
    w.publish(author)
    head = w.store.head()
    with pytest.raises(TooManyListings):
        w.publish(author)
    assert w.store.head() == head


def test_a_repeated_command_appends_nothing_and_answers_the_same() -> None:
    w = world()
    author, member, command_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    first = w.publish(author, command_id)
    w.clock.advance(60)
    assert w.publish(author, command_id) == first
    assert len(w.events(author_stream(author))) == 1
    respond_id = uuid.uuid4()
    members = frozenset({w.nid})
    sent = w.handlers.respond(respond_id, first.id, member, "Oui", members)
    assert w.handlers.respond(respond_id, first.id, member, "Oui", members) == sent
    upload = uuid.uuid4()
    photo = w.handlers.upload_photo(upload, author, "image/webp", 10, 10, SHA, SHA)
    assert w.handlers.upload_photo(upload, author, "image/webp", 10, 10, SHA, SHA) == photo
    events = w.events(listing_stream(first.id))
    assert [type(e) for e in events] == [ListingPublished, ResponseSent]


def test_a_crash_between_the_posting_and_the_listing_is_completed_by_the_same_command() -> None:
    w = world()
    author, command_id = uuid.uuid4(), uuid.uuid4()
    w.store.fail_next_append("listings.listing")
    with pytest.raises(Crash):
        w.publish(author, command_id)
    assert len(w.handlers.postings(author).postings) == 1
    created = w.publish(author, command_id)
    assert w.handlers.listing(created.id).is_open
    assert len(w.handlers.postings(author).postings) == 1


def test_racing_publications_at_the_limit_let_exactly_one_through() -> None:
    w = world(Settings(Limits(listings=3)))
    author = uuid.uuid4()
    w.publish(author)
    w.publish(author)
    racers = 5
    w.store.gate = ("listings.author", threading.Barrier(racers))
    outcomes = _race(w, author, racers)
    w.store.gate = None
    assert sum(isinstance(o, Created) for o in outcomes) == 1
    assert sum(isinstance(o, TooManyListings) for o in outcomes) == racers - 1
    assert len(w.handlers.postings(author).postings) == 3


def test_concurrent_publications_by_one_author_never_pass_the_limit() -> None:
    w = world(Settings(Limits(listings=4)))
    author = uuid.uuid4()
    outcomes = _race(w, author, 12)
    published = [o for o in outcomes if isinstance(o, Created)]
    assert len(published) == 4
    assert all(isinstance(o, TooManyListings) for o in outcomes if not isinstance(o, Created))
    assert len(w.handlers.postings(author).postings) == 4
    assert all(w.handlers.listing(c.id).is_open for c in published)


def _race(w: World, author: uuid.UUID, racers: int) -> list[object]:
    outcomes: list[object] = []

    def publish() -> None:
        try:
            outcomes.append(w.publish(author))
        except ListingsRefusal as refused:  # collected and checked by the test
            outcomes.append(refused)

    threads = [threading.Thread(target=publish) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(outcomes) == racers
    return outcomes


def test_every_command_runs_through_the_facade_as_its_actor() -> None:
    w = world()
    author, member, moderator = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    members, hub = frozenset({w.nid}), w.handlers
    lid = w.publish(author).id
    response = hub.respond(uuid.uuid4(), lid, member, "Oui", members)
    chosen = hub.choose_responder(uuid.uuid4(), lid, author, response.id)
    assert chosen.id == uuid.uuid5(response.id, "connection")
    hub.edit(uuid.uuid4(), lid, author, "Perceuse neuve", "", LOAN, (), {})
    # Doors declared by their command (service/doors.py) run it on the facade as its author.
    as_author = resident_actor(author)
    hub.run(RenewListing(uuid.uuid4(), lid, author, None, hub.clock()), as_author)
    hub.run(CloseListing(uuid.uuid4(), lid, author, "done", hub.clock()), as_author)
    hub.run(ReopenListing(uuid.uuid4(), lid, author, None, hub.clock()), as_author)
    for _ in range(3):
        hub.report(uuid.uuid4(), lid, uuid.uuid4(), "Trompeuse", members)
    assert hub.listing(lid).hidden
    hub.moderate(uuid.uuid4(), lid, moderator, w.nid, "restore", "Conforme", members)
    w.clock.advance(31 * 24 * 3600)
    hub.expire(uuid.uuid4(), lid)
    hub.withdraw(uuid.uuid4(), lid, w.nid, "left")
    assert hub.listing(lid).status == "withdrawn"
    photo = hub.upload_photo(uuid.uuid4(), author, "image/jpeg", 8, 8, SHA, SHA)
    hub.delete_photo(uuid.uuid4(), photo.id, "erased")
    assert hub.photo(photo.id).deleted
    actors = [w.codec.decode(r).metadata.actor for r in w.store.read_stream(listing_stream(lid))]
    assert actors[:2] == [f"resident:{author}", f"resident:{member}"]
    assert actors[-2:] == ["system:listings", "system:listings"]
