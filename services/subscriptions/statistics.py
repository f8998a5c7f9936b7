"""Planner statistics for a read model's tables while they fill (docs/decisions/0063).

PostgreSQL plans each query by the statistics ANALYZE gathers. Autovacuum gathers them a minute
or more after a table changed, and never where an operator turned it off. A build (a replay
beside the live tables, a new version's generation) fills its tables from nothing within
minutes, and its batches look their rows up by key: planned on a table without statistics, a
lookup of 500 keys scans the whole table and compares every row with every key, so each batch
costs more than the one before. The runner analyzes a generation's tables whenever the events
it has applied double, from FIRST on: a dozen times over a million events, each reading a
sample of at most 30,000 rows a table. SQLite's planner takes an index without statistics.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .database import alone

log = logging.getLogger(__name__)

FIRST = 4096  # below it, a scan of the whole table costs less than the ANALYZE


def due(before: int, after: int) -> bool:
    """True when a batch took the events applied from `before` to `after` across a power of
    two, FIRST or above."""
    return after >= FIRST and after.bit_length() > before.bit_length()


def analyze(engine: Engine, tables: Sequence[sa.Table]) -> None:
    """Fresh statistics for `tables` on PostgreSQL; a failure is logged, not raised: the batch
    has committed, and the next doubling tries again."""
    if engine.dialect.name != "postgresql" or not tables:
        return
    prepare = engine.dialect.identifier_preparer
    try:
        with engine.connect() as conn:
            conn = alone(conn)
            for table in tables:
                conn.exec_driver_sql(f"ANALYZE {prepare.format_table(table)}")
    except sa.exc.DBAPIError as exc:
        log.warning("analyzing the tables of a read model failed: %s", type(exc).__name__)
