"""The three export formats, each written a batch at a time so that memory stays flat.

JSONL: one envelope per line, the JSON the analytics stream carries (compact, UTF-8).
CSV: the columns of columns.py, a header line first; times in ISO 8601.
Parquet: the same columns, typed (recorded_at a UTC timestamp), a row group per batch.
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
BATCH = 10_000  # rows a Parquet row group holds: the export's memory is about this many rows


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
    def __init__(self, out: IO[bytes], columns: Columns, batch: int = BATCH) -> None:
        self._columns = columns
        self._schema = columns.arrow_schema()
        self._writer = pq.ParquetWriter(out, self._schema, compression="zstd")
        self._batch = batch
        # Column by column, and the flattened ones sparse: an event fills a handful of the
        # hundred or so, and a column of nulls is built at C speed.
        self._cells: dict[str, dict[int, Any]] = {name: {} for name in self._schema.names}
        self._size = 0

    def write(self, body: dict[str, Any]) -> None:
        at = self._size
        for name, value in self._columns.row(body).items():
            if value is not None:
                self._cells[name][at] = value
        self._size += 1
        if self._size >= self._batch:
            self._flush()

    def close(self) -> None:
        self._flush()
        self._writer.close()

    def _flush(self) -> None:
        if not self._size:
            return
        arrays = []
        for field in self._schema:
            values: list[Any] = [None] * self._size
            for at, value in self._cells[field.name].items():
                values[at] = value
            arrays.append(pa.array(values, type=field.type))
        self._writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self._schema))
        for cells in self._cells.values():
            cells.clear()
        self._size = 0


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
