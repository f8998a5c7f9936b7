"""The three export formats, each written a batch at a time so that memory stays flat.

JSONL: one envelope per line, the JSON the analytics stream carries (compact, UTF-8).
CSV: the columns of columns.py, a header line first; times in ISO 8601.
Parquet: the same columns, typed (recorded_at a UTC timestamp), in row groups of ROW_GROUP rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from typing import IO, Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from .columns import Columns

FORMATS = ("jsonl", "csv", "parquet")
BATCH = 2_000  # rows held as Python values before they become Arrow arrays
# Rows a Parquet row group holds. The writer keeps every row group's column metadata until the
# file closes (about 0.9 KB per column chunk, then as much again to write the footer): with a
# couple of hundred columns, row groups of 10,000 rows made memory grow by 20 MiB per million
# events. Ten times larger groups cost about 80 MiB of Arrow rows held meanwhile, once
# (docs/decisions/0034, bench/RESULTS.md).
ROW_GROUP = 100_000


class Writer(Protocol):
    def write(self, body: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    def __init__(self, out: IO[bytes], columns: Columns) -> None:
        self._out = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=False)

    def write(self, body: dict[str, Any]) -> None:
        self._out.write(json.dumps(body, ensure_ascii=False, separators=(",", ":")))
        self._out.write("\n")

    def close(self) -> None:
        self._out.flush()
        self._out.detach()


class CsvWriter:
    def __init__(self, out: IO[bytes], columns: Columns) -> None:
        self._text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        self._columns = columns
        self._csv = csv.DictWriter(self._text, fieldnames=columns.names)
        self._csv.writeheader()

    def write(self, body: dict[str, Any]) -> None:
        row = self._columns.row(body)
        self._csv.writerow({k: _cell(v) for k, v in row.items()})  # missing columns: empty

    def close(self) -> None:
        self._text.flush()
        self._text.detach()


class ParquetWriter:
    def __init__(
        self, out: IO[bytes], columns: Columns, batch: int = BATCH, row_group: int = ROW_GROUP
    ) -> None:
        self._columns = columns
        self._schema = columns.arrow_schema()
        self._writer = pq.ParquetWriter(out, self._schema, compression="zstd")
        self._batch = batch
        self._row_group = row_group
        # Column by column, and the flattened ones sparse: an event fills a handful of the
        # two hundred or so, and a column of nulls is built at C speed.
        self._cells: dict[str, dict[int, Any]] = {name: {} for name in self._schema.names}
        self._size = 0
        self._pending: list[pa.RecordBatch] = []
        self._pending_rows = 0
        # Most columns of a batch are all null; they share these zeros rather than each
        # holding its own offsets or values (half of a row group's Arrow memory otherwise).
        self._zeros = pa.py_buffer(bytes(8 * (batch + 1)))

    def write(self, body: dict[str, Any]) -> None:
        at = self._size
        for name, value in self._columns.row(body).items():
            if value is not None:
                self._cells[name][at] = value
        self._size += 1
        if self._size >= self._batch:
            self._arrow()
            if self._pending_rows >= self._row_group:
                self._flush()

    def close(self) -> None:
        self._arrow()
        self._flush()
        self._writer.close()

    def _arrow(self) -> None:
        if not self._size:
            return
        arrays = []
        for field in self._schema:
            cells = self._cells[field.name]
            if not cells:
                arrays.append(self._nulls(field.type))
                continue
            values: list[Any] = [None] * self._size
            for at, value in cells.items():
                values[at] = value
            arrays.append(pa.array(values, type=field.type))
            cells.clear()
        self._pending.append(pa.RecordBatch.from_arrays(arrays, schema=self._schema))
        self._pending_rows += self._size
        self._size = 0

    def _nulls(self, kind: pa.DataType) -> pa.Array:
        buffers = [self._zeros] * kind.num_buffers  # validity all 0, offsets all 0, no values
        return pa.Array.from_buffers(kind, self._size, buffers, null_count=self._size)

    def _flush(self) -> None:
        if not self._pending_rows:
            return
        table = pa.Table.from_batches(self._pending, schema=self._schema)
        self._pending, self._pending_rows = [], 0
        self._writer.write_table(table, row_group_size=table.num_rows)


WRITERS: dict[str, Callable[[IO[bytes], Columns], Writer]] = {
    "jsonl": JsonlWriter,
    "csv": CsvWriter,
    "parquet": ParquetWriter,
}


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
