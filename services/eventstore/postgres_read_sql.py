"""The PostgreSQL adapter's page of the log after a cursor, below the readers' horizon
(postgres_sql.py), in (transaction id, row id) order, filtered by category and type; and the
log's head below that horizon.

The statement is read on connections of their own, where the planner prices sorts and bitmap
scans out (`index_ordered`): a page then walks an index in log order and stops once it has its
rows, whether the table has statistics or not. See
docs/decisions/0062-a-filtered-read-that-needs-no-statistics.md.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .model import Filters


def index_ordered(dbapi_connection: Any, _record: Any) -> None:
    """Run on each connection the store reads its pages on, as it opens. Without statistics the
    planner takes a type for 1/200 of the table and the cursor's range for a third of that: for
    so few rows a bitmap scan and a sort look cheaper than walking an index in order, and that
    plan reads and sorts every row of the types past the cursor, page after page. A page has an
    index that gives its order, so it needs neither; these settings only price them out."""
    dbapi_connection.autocommit = True  # and kept: each read is one statement, run alone
    dbapi_connection.execute("SET enable_sort = off")
    dbapi_connection.execute("SET enable_bitmapscan = off")


def page_params(cursor: tuple[int, ...], page: int) -> dict[str, int]:
    """The parameters of a page statement: the cursor it reads after and the rows it reads."""
    return {"after_xid": cursor[0], "after_id": cursor[1], "page": page}


def log_page(
    events: sa.Table,
    columns: list[Any],
    visible_below: sa.TextClause,
    cats: Filters,
    kinds: Filters,
) -> Any:
    """The statement for a page (page_params), the filters as IN lists. Built once for each set
    of filters: a subscriber reads with the same ones, batch after batch."""
    cursor = sa.tuple_(
        sa.bindparam("after_xid", type_=sa.BigInteger),
        sa.bindparam("after_id", type_=sa.BigInteger),
    )
    query = (
        sa.select(*columns)
        .where(sa.tuple_(events.c.xid, events.c.id) > cursor, events.c.xid < visible_below)
        .order_by(events.c.xid, events.c.id)
        .limit(sa.bindparam("page", type_=sa.Integer))
    )
    if cats is not None:
        query = query.where(events.c.category.in_(cats))
    if kinds is not None:
        query = query.where(events.c.type.in_(kinds))
    return query


def head_query(events: sa.Table, visible_below: sa.TextClause) -> Any:
    """The statement for the log's head: its last event below the readers' horizon."""
    return (
        sa.select(events.c.xid, events.c.id)
        .where(events.c.xid < visible_below)
        .order_by(events.c.xid.desc(), events.c.id.desc())
        .limit(1)
    )
