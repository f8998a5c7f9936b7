"""PostgreSQL: a filtered page of the log walks an index in log order and stops at a page, even on
a table that has never been analyzed (a bulk load or a restore, autovacuum not yet run)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from services.eventstore import connect
from services.eventstore.postgres import PAGE, PostgresEventStore
from services.eventstore.postgres_read_sql import page_params

ROWS = 5000
RARE, COMMON = "tests.RareHappened", "tests.CommonHappened"


@pytest.fixture
def unanalyzed(postgres_url: str) -> Iterator[PostgresEventStore]:
    """A log of ROWS events written by one transaction (one xid), one in a hundred of the rare
    type, in two categories, and no statistics on the table."""
    store = connect(postgres_url)
    assert isinstance(store, PostgresEventStore)
    events = f'"{store._schema}".events'
    with store._engine.begin() as conn:
        conn.exec_driver_sql(
            f"INSERT INTO {events} (event_id, stream, category, version, type, schema_version,"
            " data, metadata, recorded_at)"
            " SELECT gen_random_uuid(), CASE WHEN g %% 2 = 0 THEN 'tests.even-' ELSE 'tests.odd-'"
            " END || g, CASE WHEN g %% 2 = 0 THEN 'tests.even' ELSE 'tests.odd' END, 0,"
            f" CASE WHEN g %% 100 = 0 THEN '{RARE}' ELSE '{COMMON}' END, 1,"
            """ '{"n": ' || g || '}', '{}', now() FROM generate_series(1, %(rows)s) AS g""",
            {"rows": ROWS},
        )
    with store._engine.connect() as conn:
        analyzed = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_stats WHERE schemaname = %(s)s AND tablename = 'events'",
            {"s": store._schema},
        ).scalar()
    assert analyzed == 0, "the table has statistics: the planner would not be misled"
    yield store
    store.close()


def plan(store: PostgresEventStore, statement: Any) -> dict[str, Any]:
    """The plan PostgreSQL makes for a first page of `statement`."""
    compiled = statement.compile(dialect=store._engine.dialect)
    expanded = compiled.construct_expanded_state(page_params((0, 0), PAGE))
    # On one of the connections the store reads its pages on: planned as those reads are.
    with store._pages.connect() as conn:
        sql = f"EXPLAIN (FORMAT JSON) {expanded.statement}"
        found = conn.exec_driver_sql(sql, expanded.parameters).scalar()
    top: dict[str, Any] = (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]
    return top


def nodes(node: dict[str, Any], parent: dict[str, Any] | None = None) -> Iterator[tuple]:
    """(node, its parent) of the page's plan; the horizon's init plans are left out."""
    yield node, parent
    for child in node.get("Plans", []):
        if child.get("Parent Relationship") != "InitPlan":
            yield from nodes(child, node)


@pytest.mark.parametrize(
    ("cats", "kinds"),
    [
        (None, (RARE,)),
        (None, (RARE, COMMON)),
        (("tests.even",), (RARE, COMMON)),
        (("tests.even", "tests.odd"), None),
    ],
)
def test_a_filtered_page_walks_an_index_in_log_order_and_stops_at_a_page(
    unanalyzed: PostgresEventStore, cats: Any, kinds: Any
) -> None:
    top = plan(unanalyzed, unanalyzed.log_page(cats, kinds))
    found = list(nodes(top))
    kinds_of_nodes = {n["Node Type"] for n, _ in found}
    assert not kinds_of_nodes & {"Sort", "Incremental Sort"}, "a page sorts every row past it"
    assert not any("Bitmap" in k for k in kinds_of_nodes), "a page reads every row of its types"
    [(scan, parent)] = [(n, p) for n, p in found if n.get("Relation Name") == "events"]
    assert scan["Node Type"] == "Index Scan", scan
    assert parent is top and top["Node Type"] == "Limit", parent


def test_a_filtered_read_of_an_unanalyzed_log_gives_every_event_in_order(
    unanalyzed: PostgresEventStore,
) -> None:
    everything = list(unanalyzed.read_all(limit=None))
    both = list(unanalyzed.read_all(limit=None, types=[COMMON, RARE, COMMON]))
    assert both == everything
    rare = [e.data["n"] for e in unanalyzed.read_all(limit=None, types=[RARE])]
    assert rare == list(range(100, ROWS + 1, 100))
    even_rare = unanalyzed.read_all(
        limit=None, categories=["tests.even"], types=[RARE, "tests.NeverHappened"]
    )
    assert [e.data["n"] for e in even_rare] == rare
    resumed = unanalyzed.read_all(after=everything[PAGE + 7].position, limit=1500, types=[RARE])
    assert [e.data["n"] for e in resumed] == [n for n in rare if n > PAGE + 8]


def test_only_the_page_reads_are_planned_without_sorts(postgres_url: str) -> None:
    """The settings that keep a page's plan on its index hold on the connections that read the
    pages, not on those of the store's other statements (the hash chain's upgrade reads the
    whole table in another order, which a sort serves best)."""
    store = connect(postgres_url)
    assert isinstance(store, PostgresEventStore)
    try:
        with store._pages.connect() as pages, store._engine.connect() as others:
            assert pages.exec_driver_sql("SHOW enable_sort").scalar() == "off"
            assert others.exec_driver_sql("SHOW enable_sort").scalar() == "on"
    finally:
        store.close()
