"""`quartier report`: the platform's key figures for a period, as a folder an analyst opens
(index.html, a PNG chart and a CSV table per figure).

    quartier report --from 2026-01-01 --to 2026-03-31 --out report/
    quartier report --input events.parquet --out report/     from an export made earlier

Without --input it exports the log up to --to (pseudonymised, into a temporary file removed
afterwards), then computes every figure over it with DuckDB.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from rich.console import Console

from services.analytics.export import export_events
from services.analytics.report import build_report
from services.analytics.selection import BadSelection, Selection, selection
from services.analytics.sources import opened_log
from services.eventstore import EventStoreError
from services.eventstore.keyring import KeyringError

from .export_events import progress_bar, window


def register(commands: Any) -> None:
    report = commands.add_parser("report", help="key figures as HTML, PNG charts and CSV")
    window(report)
    report.add_argument("--out", required=True, help="the folder to write (made if missing)")
    report.add_argument("--input", help="a Parquet export to read instead of the log")
    report.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    errors = Console(stderr=True, width=None if sys.stderr.isatty() else 240)
    try:
        chosen = selection(args.start, args.end)
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise ValueError(f"{out} is not a folder")
        written = _report(args.input, chosen, out, errors)
    except BadSelection as exc:
        errors.print(f"quartier report: {exc}", style="red", highlight=False)
        return 2
    except (EventStoreError, KeyringError, OSError, ValueError, duckdb.Error) as exc:
        errors.print(f"quartier report: {exc}", style="red", highlight=False)
        return 1
    console.print(f"report written to {written[0]} ({len(written)} files)", highlight=False)
    return 0


def _report(source: str | None, chosen: Selection, out: Path, errors: Console) -> list[Path]:
    now = datetime.now(UTC)
    if source is not None:
        if not Path(source).is_file():
            raise ValueError(f"{source} is not a file")
        return build_report(Path(source), out, chosen.start, chosen.end, now)
    # Everything up to the end: states at the end of the period need what came before it.
    until = Selection(end=chosen.end)
    with tempfile.TemporaryDirectory(prefix="quartier-report-") as folder:
        export = Path(folder) / "events.parquet"
        with opened_log() as log, progress_bar(errors) as progress:
            export_events(
                log.store, log.codec, log.registry, until, "parquet", str(export), progress
            )
        return build_report(export, out, chosen.start, chosen.end, now)
