"""The three export formats, each written a batch at a time so that memory stays flat.

JSONL: one envelope per line, byte for byte what the analytics stream carries.
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
        self._csv.writerow({k: _cell(v) for k, v in row.items()})

    def close(self) -> None:
        self._text.flush()
        self._text.detach()


class ParquetWriter:
    def __init__(self, out: IO[bytes], columns: Columns, batch: int = BATCH) -> None:
        self._columns = columns
        self._schema = columns.arrow_schema()
        self._writer = pq.ParquetWriter(out, self._schema, compression="zstd")
        self._batch = batch
        self._rows: list[dict[str, Any]] = []

    def write(self, body: dict[str, Any]) -> None:
        self._rows.append(self._columns.row(body))
        if len(self._rows) >= self._batch:
            self._flush()

    def close(self) -> None:
        self._flush()
        self._writer.close()

    def _flush(self) -> None:
        if self._rows:
            table = pa.Table.from_pylist(self._rows, schema=self._schema)
            self._writer.write_table(table, row_group_size=self._batch)
            self._rows = []


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
