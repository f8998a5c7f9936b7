"""The Parquet writer's batches and row groups: rows turned into Arrow a batch at a time,
written in row groups of several batches, columns a batch leaves empty read back as nulls."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow.parquet as pq

from services.analytics.columns import Columns, Flat
from services.analytics.formats import ParquetWriter

TITLE, MEMBERS, OPEN = Flat("title", "string"), Flat("members", "integer"), Flat("open", "boolean")
COLUMNS = Columns(
    (MEMBERS, OPEN, TITLE),
    {"listings.ListingPublished": (TITLE,), "neighbourhoods.NeighbourhoodOpened": (MEMBERS, OPEN)},
)
AT = datetime(2026, 11, 2, tzinfo=UTC)


def body(n: int, kind: str) -> dict[str, Any]:
    data: dict[str, Any] = (
        {"title": f"psn_{n}"}
        if kind == "listings.ListingPublished"
        else {"members": n, "open": n % 2 == 0}
    )
    return {
        "position": str(n),
        "event_id": f"e{n}",
        "stream": f"s{n}",
        "version": 0,
        "type": kind,
        "schema_version": 1,
        "recorded_at": (AT + timedelta(seconds=n)).isoformat(),
        "data": data,
        "metadata": {"correlation_id": f"c{n}"} if n % 3 else {},
    }


def test_rows_go_in_row_groups_of_several_batches_and_read_back_whole() -> None:
    # Two batches of listings, then two of neighbourhoods: whole batches leave a type's
    # columns empty, and a row group holds both kinds of batch.
    kinds = ["listings.ListingPublished"] * 4 + ["neighbourhoods.NeighbourhoodOpened"] * 7
    bodies = [body(n, kind) for n, kind in enumerate(kinds)]
    out = io.BytesIO()
    writer = ParquetWriter(out, COLUMNS, batch=2, row_group=4)
    for b in bodies:
        writer.write(b)
    writer.close()

    parquet = pq.ParquetFile(io.BytesIO(out.getvalue()))
    sizes = [parquet.metadata.row_group(i).num_rows for i in range(parquet.num_row_groups)]
    assert sizes == [4, 4, 3]
    rows = parquet.read().to_pylist()
    expected = [COLUMNS.row(b) for b in bodies]
    assert rows == [{name: row.get(name) for name in COLUMNS.names} for row in expected]
    assert rows[0]["data.members"] is None and rows[4]["data.title"] is None
    assert rows[5]["metadata.correlation_id"] == "c5" and rows[6]["metadata.correlation_id"] is None
