"""A read model's tables on PostgreSQL get planner statistics while a build fills them, so that
its key lookups keep using their indexes without waiting for autovacuum (docs/decisions/0063)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from services.eventstore import NewEvent, connect
from services.subscriptions import SubscriptionRunner, connect_database
from services.subscriptions.statistics import FIRST, due
from tests.contract.platform.subscriber_kit import toy

BATCH = 1000


def test_statistics_are_gathered_each_time_the_events_applied_double() -> None:
    assert not due(0, FIRST - 1)
    assert due(FIRST - 10, FIRST)
    assert not due(FIRST, 2 * FIRST - 1)
    assert due(2 * FIRST - 1, 2 * FIRST + 500)
    # One in several batches, not one in each: a dozen over a million events.
    steps = [(n, n + 5000) for n in range(0, 1_000_000, 5000)]
    assert sum(due(a, b) for a, b in steps) == 8


def _estimated_rows(engine: sa.Engine, table: str) -> float:
    with engine.connect() as conn:
        return float(
            conn.execute(
                sa.text(
                    "SELECT reltuples FROM pg_class"
                    " WHERE oid = to_regclass(current_schema() || '.' || :t)"
                ),
                {"t": table},
            ).scalar_one()
        )


def test_a_build_on_postgresql_gives_its_tables_statistics_as_they_fill(
    postgres_url: str,
) -> None:
    store = connect("memory://")
    streams, each = 10, 500  # past FIRST, in several batches
    for _ in range(streams):
        stream = f"tests.thing-{uuid.uuid4()}"
        store.append(stream, [NewEvent("tests.ThingHappened", {"n": 1}) for _ in range(each)])
    engine = connect_database(postgres_url)
    runner = SubscriptionRunner(store, engine, toy(batched=True), batch_size=BATCH)
    try:
        applied = 0
        while (n := runner.run_once()) > 0:
            applied += n
        assert applied == streams * each > FIRST
        applied_table = runner.tables().applied.name
        # Estimated from the sample ANALYZE took when the build crossed FIRST events: never
        # analyzed, PostgreSQL says -1.
        assert _estimated_rows(engine, applied_table) >= FIRST
    finally:
        runner.release()
        engine.dispose()
