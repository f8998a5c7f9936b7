"""Tamper evidence on every adapter: each record's hash chains over the previous event of its
stream, whatever the appends (one event, several, concurrent, repeated); a store written before
hashes existed is chained once when opened."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from services.eventstore import ANY, NO_STREAM, EventStore, connect
from services.eventstore.ledger import ZERO, Ledger, link
from services.eventstore.tamper import checkpoint, verify
from tests.conftest import PG_BASE
from tests.contract.conftest import Backend, event, stream
from tests.support import eventually

KEY = b"k" * 32


def ledger_of(store: EventStore) -> Ledger:
    if not hasattr(store, "stored"):
        pytest.skip("EventStoreDB keeps each hash in the event's metadata, checked elsewhere")
    return store  # type: ignore[return-value]


def assert_chained(ledger: Ledger) -> int:
    last: dict[str, bytes] = {}
    count = 0
    for record in ledger.stored():
        previous = last.get(record.stream, ZERO) if record.version else ZERO
        assert record.hash == link(previous, record.digest()), (record.stream, record.version)
        last[record.stream] = record.hash
        count += 1
    return count


def test_each_event_chains_over_the_previous_one_of_its_stream(store: EventStore) -> None:
    ledger = ledger_of(store)
    a, b = stream(), stream()
    store.append(a, [event(0)], expected_version=NO_STREAM)
    store.append(b, [event(i) for i in range(3)], expected_version=NO_STREAM)
    store.append(a, [event(1), event(2)], expected_version=0)
    store.append(a, [event(3)], expected_version=ANY)
    assert assert_chained(ledger) == 7
    records = {(r.stream, r.version): r for r in ledger.stored()}
    recorded = store.read_stream(a)
    assert [records[(a, e.version)].event_id for e in recorded] == [e.event_id for e in recorded]
    assert ledger.stored_event(a, 2) == records[(a, 2)]
    assert ledger.stored_event(a, 9) is None


def test_hashes_cover_what_is_stored_and_a_repeat_changes_nothing(store: EventStore) -> None:
    ledger = ledger_of(store)
    s = stream()
    first = [event(0, note="é ☕"), event(1)]
    store.append(s, first, expected_version=NO_STREAM)
    before = list(ledger.stored())
    store.append(s, first, expected_version=NO_STREAM)  # the same append again
    assert list(ledger.stored()) == before
    assert before[0].data == '{"n":0,"note":"é ☕"}'


def test_concurrent_appends_to_one_stream_keep_one_chain(store: EventStore) -> None:
    ledger = ledger_of(store)
    s = stream()

    def write() -> None:
        for n in range(15):
            store.append(s, [event(n)], expected_version=ANY)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # On PostgreSQL a read's horizon is held back, for that read only, by any transaction of the
    # server that ends between its snapshot and its copy of the lock table (decision 0001): a
    # read may see fewer rows, never a broken chain, so only the count is waited for.
    eventually(lambda: assert_chained(ledger) == 60, what="the 60 appends seen, chained")
    assert verify(ledger, KEY, full=True).intact


def test_stored_reads_from_a_position(store: EventStore) -> None:
    ledger = ledger_of(store)
    s = stream()
    store.append(s, [event(i) for i in range(4)], expected_version=NO_STREAM)
    recorded = store.read_stream(s)
    after = [r.version for r in ledger.stored(recorded[1].position)]
    assert after == [2, 3]


def test_a_store_written_before_hashes_is_chained_when_opened(backend: Backend) -> None:
    if backend.name not in ("sqlite", "postgres"):
        pytest.skip("only a store on disk outlives the code that wrote it")
    store = backend.open()
    s = stream()
    store.append(s, [event(i) for i in range(3)], expected_version=NO_STREAM)
    store.append(stream(), [event(0)], expected_version=NO_STREAM)
    store.close()
    _drop_hashes(backend)

    reopened = connect(backend.url)
    ledger = ledger_of(reopened)
    assert assert_chained(ledger) == 4
    reopened.append(s, [event(3)], expected_version=2)
    assert assert_chained(ledger) == 5
    assert verify(ledger, KEY, full=True).intact
    reopened.close()


def _drop_hashes(backend: Backend) -> None:
    """The tables as the code before tamper evidence left them."""
    if backend.name == "sqlite":
        engine = sa.create_engine(f"sqlite:///{backend.url.split(':///', 1)[1]}")
        statements = ["ALTER TABLE events DROP COLUMN hash", "DROP TABLE checkpoints"]
    else:
        schema = backend.url.rsplit("schema=", 1)[1]
        engine = sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://"))
        statements = [
            f'ALTER TABLE "{schema}".events DROP COLUMN hash',
            f'ALTER TABLE "{schema}".streams DROP COLUMN chain',
            f'DROP TABLE "{schema}".checkpoints',
        ]
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    engine.dispose()


def test_an_unknown_checkpoint_signature_is_refused() -> None:
    store = connect("memory://")
    store.append(f"tests.thing-{uuid.uuid4()}", [event(0)])
    done = verify(store, KEY)  # type: ignore[arg-type]
    assert checkpoint(store, done, KEY, "li", datetime.now(UTC)) is not None  # type: ignore[arg-type]
    assert verify(store, KEY).intact  # type: ignore[arg-type]
    forged = verify(store, b"x" * 32)  # type: ignore[arg-type]
    assert forged.problem is not None and forged.problem.kind == "forged checkpoint"
