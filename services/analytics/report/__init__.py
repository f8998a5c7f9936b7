"""The platform's key figures as a folder: index.html, one PNG chart and one CSV table per
figure, computed with DuckDB over a Parquet export (services.analytics.export).

    written = build_report(Path("events.parquet"), Path("report/"), start, end)

The export is already pseudonymised, so every figure is too: counts, rates, medians, and
neighbourhoods' public names; never a resident's id or words.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from .charts import draw
from .figures import FIGURES, Figure
from .headline import HEADLINE
from .page import render


@dataclass(frozen=True)
class Result:
    figure: Figure
    columns: list[str]
    rows: list[dict[str, Any]]
    csv: str
    png: str | None


def build_report(
    export: Path, out: Path, start: datetime | None, end: datetime | None, now: datetime
) -> list[Path]:
    """Compute every figure of events recorded in [start, end) from `export` into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as db:
        _prepare(db, export, start, end)
        headline = [(label, _scalar(db, sql)) for label, sql in HEADLINE]
        results = [_figure(db, figure, out) for figure in FIGURES]
    page = out / "index.html"
    page.write_text(render(headline, results, start, end, now), encoding="utf-8")
    written = [page, *(out / r.csv for r in results)]
    return written + [out / r.png for r in results if r.png]


def _prepare(
    db: duckdb.DuckDBPyConnection, export: Path, start: datetime | None, end: datetime | None
) -> None:
    db.execute("SET TimeZone = 'UTC'")
    source = str(export).replace("'", "''")
    db.execute(
        "CREATE VIEW events AS SELECT type, position, file_row_number AS position_order,"
        f" recorded_at, data::JSON AS data FROM read_parquet('{source}', file_row_number = true)"
    )
    db.execute(
        "CREATE TABLE bounds AS SELECT coalesce($start::TIMESTAMPTZ, '-infinity') AS lo,"
        " coalesce($end::TIMESTAMPTZ, 'infinity') AS hi",
        {"start": start, "end": end},
    )
    db.execute(
        "CREATE MACRO in_window(t) AS t >= (SELECT lo FROM bounds) AND t < (SELECT hi FROM bounds)"
    )


def _scalar(db: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = db.execute(sql).fetchone()
    return None if row is None else row[0]


def _figure(db: duckdb.DuckDBPyConnection, figure: Figure, out: Path) -> Result:
    cursor = db.execute(figure.sql)
    columns = [d[0] for d in cursor.description or ()]
    rows = [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]
    table = f"{figure.name}.csv"
    with (out / table).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows([[_cell(row[c]) for c in columns] for row in rows])
    png = None
    if figure.chart is not None:
        png = f"{figure.name}.png"
        draw(figure.chart, figure.title, rows, out / png)
    return Result(figure, columns, rows, table, png)


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
