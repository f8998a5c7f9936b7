"""Listings' read model built in batches (its rows written in bulk, listings/projections/
batches.py) leaves exactly the rows of a build one event at a time, search index included, on
SQLite and PostgreSQL (docs/decisions/0038, 0056)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa

from contracts.listings.events import (
    ListingClosed,
    ListingEdited,
    ListingHidden,
    ListingReported,
    ListingRestored,
    PhotoDeleted,
    PhotoUploaded,
    ResponderChosen,
    ResponseSent,
)
from listings.projections import listings, search
from services.eventstore.codec import Codec
from services.subscriptions import SubscriptionRunner
from services.subscriptions.database import subscriptions
from tests.contract.listings.kit import World, stream, world
from tests.contract.listings.workload import generate

SHA = "b" * 64
Rows = dict[str, list[tuple[str, ...]]]


def refuse(*_: Any) -> None:
    raise AssertionError("one event at a time: the batch was not applied at once")


def rebuilt(
    w: World,
    database: Any,
    batch: int,
    again: bool = False,
    codec: Codec | None = None,
    **changed: Any,
) -> Rows:
    """Every table of the listings read model built from `w`'s log in batches of `batch`
    events, row by row (SQLite's search index as its rows too); `again`: then every event
    delivered a second time, from the start of the log, over the rows built; `codec`: the
    read model's, the world's own by default."""
    engine = database()
    subscriber = replace(listings.read_model(codec or w.people.codec), **changed)
    checkpoint = subscriptions.c.name == subscriber.name
    for delivery in range(2 if again else 1):
        if delivery:
            with engine.begin() as conn:
                conn.execute(subscriptions.update().where(checkpoint).values(position=None))
        runner = SubscriptionRunner(w.people.store, engine, subscriber, batch)
        while runner.run_once():
            pass
        runner.release()
        with engine.connect() as conn:
            stuck = sa.select(subscriptions.c.stuck_event_id).where(checkpoint)
            assert conn.execute(stuck).scalar() is None, "an event failed"
    t = runner.tables()
    with engine.connect() as conn:
        found = {
            name: sorted(tuple(map(str, row)) for row in conn.execute(sa.select(table)))
            for name, table in vars(t).items()
            if isinstance(table, sa.Table)
        }
        if engine.dialect.name == "sqlite":
            fts = f"SELECT rowid, tokens, places FROM {search.fts_name(t.listings)}"
            found["search"] = sorted(tuple(map(str, r)) for r in conn.execute(sa.text(fts)))
    engine.dispose()
    return found


def test_a_build_in_batches_gives_exactly_the_rows_of_a_build_one_event_at_a_time(
    database: Any,
) -> None:
    w = world(database())
    founder, ada, bob, cleo = (w.people.register(n) for n in ("F", "Ada", "Bob", "Cleo"))
    nid = w.neighbourhood(founder, ada, bob, cleo)
    pid = uuid.uuid4()
    w.record(
        f"listings.photo-{pid}",
        PhotoUploaded(pid, ada, "image/webp", 800, 600, SHA, SHA, w.tick()),
    )
    drill = w.publish(ada, [nid], "Perceuse", "Avec ses mèches")
    shelf = w.publish(bob, [nid], "Étagère", photos=[{"photo_id": str(pid), "sha256": SHA}])
    w.record(
        stream(drill),
        ListingEdited(drill, ada, "Perceuse à percussion", "Et son coffret", {}, [], w.tick()),
    )
    answer = uuid.uuid4()
    w.record(stream(drill), ResponseSent(drill, uuid.uuid4(), bob, "Samedi ?", w.tick()))
    w.record(stream(drill), ResponseSent(drill, answer, cleo, "Dimanche ?", w.tick()))
    w.record(stream(drill), ResponderChosen(drill, answer, cleo, ada, uuid.uuid4(), w.tick()))
    for who in (founder, bob, cleo):
        w.record(stream(shelf), ListingReported(shelf, uuid.uuid4(), who, "doublon", w.tick()))
    w.record(stream(shelf), ListingHidden(shelf, 3, w.tick()))
    w.record(
        stream(shelf),
        ListingRestored(shelf, nid, bob, "rien d'anormal", w.tick()),
        actor=f"resident:{founder}",
    )
    w.record(stream(drill), ListingClosed(drill, "done", w.tick()))
    w.record(f"listings.photo-{pid}", PhotoDeleted(pid, "erased", w.tick()))
    w.people.identity.erase(uuid.uuid4(), cleo, "system:ops")

    one_by_one = rebuilt(w, database, 1, handle_batch=None)
    # With `handle` refusing, only the batch handler can have written the rows.
    assert rebuilt(w, database, 1000, handle=refuse) == one_by_one
    # Batches cut through the listings' histories.
    assert rebuilt(w, database, 3, handle=refuse) == one_by_one
    assert len(one_by_one["listings"]) == 2 and len(one_by_one["responses"]) == 2
    live, _ = w.tables()
    with w.engine.connect() as conn:
        rows = conn.execute(sa.select(live.responses.c.message)).scalars()
        assert sorted(rows, key=str) == [None, "Samedi ?"]  # Cleo's erased


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_generated_log_builds_the_same_rows_in_batches_of_any_size(
    database: Any, seed: int
) -> None:
    w = world(database())
    generate(w, seed)
    one_by_one = rebuilt(w, database, 1, handle_batch=None)
    assert len(one_by_one["listings"]) > 20 and len(one_by_one["log"]) > 0
    for batch in (5000, 41, 4):
        assert rebuilt(w, database, batch, handle=refuse) == one_by_one, f"batches of {batch}"
    # Each event a second time over the rows it already made: every one of them passed over.
    assert rebuilt(w, database, 97, again=True, handle=refuse) == one_by_one
    # As `quartier replay` builds it: decoded by the rebuild's codec (rebuild_decode.py).
    log = list(w.people.store.read_all(limit=None))
    assert w.people.codec.trusting().decode_all(log) == w.people.codec.decode_all(log)
    trusting = w.people.codec.trusting()
    assert rebuilt(w, database, 5000, codec=trusting, handle=refuse) == one_by_one
