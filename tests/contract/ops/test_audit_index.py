"""The audit index (ops.audit_index) finds exactly what the full scan of the log finds: every
resident's trail and every correlation, on a log of several residents, requests and chains
of causes, while the index is behind the log, caught up, and behind again; and `quartier
audit` reads through it once the ops service's read models hold it."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from services.eventstore import ANY, EventStore, NewEvent, RecordedEvent
from services.ops import audit_lookup
from services.ops import audit_reading as reading
from services.ops.cli import main
from services.ops.projections.audit_index import audit_index
from services.runtime.config import load, read_model_url
from services.subscriptions import SubscriptionRunner, connect_database
from tests.contract.ops.kit import Stores


class Index:
    """The index as the ops service keeps it: its runner on the service's database."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.engine = connect_database(read_model_url(load(), "ops"))
        self.runner = SubscriptionRunner(store, self.engine, audit_index(), batch_size=7)

    def apply(self, batches: int | None = None) -> None:
        """Some batches of the log (None: up to its head)."""
        done = 0
        while (batches is None or done < batches) and self.runner.run_once():
            done += 1

    def lookups(self) -> audit_lookup.Indexed:
        found = audit_lookup.checkpoint(self.engine)
        assert found is not None
        return audit_lookup.indexed(
            self.store,
            self.engine,
            self.runner.tables(),
            found[1],
            lambda after, _what: self.store.read_all(after, None),
        )

    def close(self) -> None:
        self.runner.release()
        self.engine.dispose()


@pytest.fixture
def index(stores: Stores) -> Iterator[Index]:
    made = Index(stores.store())
    yield made
    made.close()
    made.store.close()


def meta(actor: str, correlation: str | None, cause: RecordedEvent | None = None) -> dict[str, Any]:
    return {
        "actor": actor,
        "correlation_id": correlation,
        "causation_id": None if cause is None else str(cause.event_id),
    }


def write_log(store: EventStore, seed: int, residents: list[str], rounds: int) -> list[str]:
    """Residents acting, mentioned in others' events (in nested data too), the system
    reacting to their requests (same correlation) and to those reactions (another
    correlation: a chain of causes); returns the correlations used."""
    pick = random.Random(seed)
    correlations: list[str] = []
    recorded: list[RecordedEvent] = []

    def append(stream: str, data: dict[str, Any], metadata: dict[str, Any]) -> RecordedEvent:
        store.append(stream, [NewEvent("tests.ThingHappened", data, metadata)], ANY)
        [last] = store.read_stream(stream)[-1:]
        recorded.append(last)
        return last

    for rid in residents:
        correlation = str(uuid.uuid4())
        correlations.append(correlation)
        append(f"tests.resident-{rid}", {"resident_id": rid}, meta(f"resident:{rid}", correlation))
    for _ in range(rounds):
        actor, other = pick.sample(residents, 2)
        correlation = str(uuid.uuid4())
        correlations.append(correlation)
        data = {"about": {"people": [other, "not an id"]}, "note": other.upper()}
        asked = append(
            f"tests.listing-{uuid.uuid4()}", data, meta(f"resident:{actor}", correlation)
        )
        reaction = append(
            f"tests.match-{uuid.uuid4()}", {"n": 1}, meta("system:matcher", correlation, asked)
        )
        elsewhere = str(uuid.uuid4())
        correlations.append(elsewhere)
        later = append(
            f"tests.letter-{uuid.uuid4()}", {}, meta("system:letters", elsewhere, reaction)
        )
        append(f"tests.letter-{uuid.uuid4()}", {}, meta("system:letters", elsewhere, later))
        # Events of no resident and of no request at all, and one caused by an old event.
        append(f"tests.noise-{uuid.uuid4()}", {"n": 2}, {"actor": "system:clock"})
        cause = pick.choice(recorded)
        append(f"tests.echo-{uuid.uuid4()}", {}, meta("system:echo", None, cause))
    return correlations


def same_readings(index: Index, residents: list[str], correlations: list[str]) -> None:
    scanned = reading.whole_log(index.store)
    indexed = index.lookups()
    for rid in residents:
        expected = reading.trail(scanned, rid)
        assert expected, "every resident has a trail"
        assert reading.trail(indexed, rid) == expected
    for correlation in correlations:
        expected = scanned.related({correlation}, set(), [], "reading")
        assert expected, "every correlation has events"
        assert indexed.related({correlation}, set(), [], "reading") == expected


def test_the_indexed_readings_equal_the_full_scan_behind_caught_up_and_behind_again(
    index: Index,
) -> None:
    residents = [str(uuid.uuid4()) for _ in range(6)]
    correlations = write_log(index.store, 1, residents, rounds=12)
    same_readings(index, residents, correlations)  # the index holds nothing yet
    index.apply(batches=5)
    same_readings(index, residents, correlations)  # half of the log indexed
    index.apply()
    same_readings(index, residents, correlations)
    correlations += write_log(index.store, 2, residents, rounds=5)
    same_readings(index, residents, correlations)  # the log has moved on again
    index.apply()
    same_readings(index, residents, correlations)


def test_the_command_line_reads_through_the_index_once_it_is_built(
    index: Index, capsys: pytest.CaptureFixture[str]
) -> None:
    residents = [str(uuid.uuid4()) for _ in range(3)]
    correlations = write_log(index.store, 3, residents, rounds=3)
    index.apply(batches=2)
    with audit_lookup.from_settings(index.store, load(), lambda *_: []) as (found, why):
        assert found is not None and why == ""
    capsys.readouterr()
    assert main(["audit", "correlation", correlations[-1], "--json"]) == 0
    out, err = capsys.readouterr()
    expected = reading.whole_log(index.store).related({correlations[-1]}, set(), [], "reading")
    assert [e["event_id"] for e in json.loads(out)] == [str(e.event_id) for e in expected]
    assert "whole log" not in err


def test_without_the_index_the_command_line_scans_and_says_so(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    store = stores.store()
    correlation = str(uuid.uuid4())
    store.append(
        f"tests.thing-{uuid.uuid4()}",
        [NewEvent("tests.ThingHappened", {}, meta("system:x", correlation))],
        ANY,
    )
    store.close()
    capsys.readouterr()
    assert main(["audit", "correlation", correlation, "--json"]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)) == 1
    assert "reading the whole log" in err


def test_a_replay_rebuilds_the_index_and_the_readings_stay_the_same(
    index: Index, capsys: pytest.CaptureFixture[str]
) -> None:
    residents = [str(uuid.uuid4()) for _ in range(3)]
    correlations = write_log(index.store, 4, residents, rounds=4)
    index.apply()
    capsys.readouterr()
    assert main(["replay", "ops", "ops.audit_index", "--actor", "li", "--json"]) == 0
    replayed = json.loads(capsys.readouterr().out)
    assert replayed["read_model"] == "ops.audit_index" and replayed["applied"] > 0
    same_readings(index, residents, correlations)
