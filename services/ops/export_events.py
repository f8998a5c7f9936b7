"""`quartier export events`: the log for analysts, pseudonymised, as JSONL, CSV or Parquet.

    quartier export events --from 2026-01-01 --to 2026-03-31 \\
        --types listings,identity.ResidentRegistered --format parquet --output events.parquet

Exit codes: 0 written, 1 the store, keyring or output failed (nothing left half written),
2 a wrong option.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from contracts import default_registry
from services.analytics.export import export_events
from services.analytics.formats import FORMATS
from services.analytics.selection import BadSelection, selection
from services.analytics.sources import opened_log
from services.eventstore import EventStoreError
from services.eventstore.keyring import KeyringError

WORDS = ("export", "events")  # how the command line names it, beside `export RESIDENT_ID`


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="quartier export events",
        description="Every event recorded, pseudonymised as on the analytics stream.",
    )
    window(command)
    command.add_argument(
        "--types",
        help="comma-separated event types (listings.ListingPublished) or contexts (listings)",
    )
    command.add_argument("--format", choices=FORMATS, default="jsonl")
    command.add_argument("--output", required=True, help="the file to write, or - for stdout")
    return command


def window(command: argparse.ArgumentParser) -> None:
    """--from and --to, as every analyst's command reads them."""
    command.add_argument("--from", dest="start", help="YYYY-MM-DD or an ISO time (included)")
    command.add_argument("--to", dest="end", help="YYYY-MM-DD (that day included) or an ISO time")


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    errors = Console(stderr=True, width=None if sys.stderr.isatty() else 240)
    try:
        known = {contract.type for contract in default_registry()}
        chosen = selection(args.start, args.end, args.types, known)
        with opened_log() as log, progress_bar(errors) as progress:
            count = export_events(
                log.store, log.codec, log.registry, chosen, args.format, args.output, progress
            )
    except BadSelection as exc:
        errors.print(f"quartier export events: {exc}", style="red", highlight=False)
        return 2
    except (EventStoreError, KeyringError, OSError, ValueError) as exc:
        errors.print(f"quartier export events: {exc}", style="red", highlight=False)
        return 1
    if args.output != "-":
        errors.print(f"{count} events written to {args.output}", highlight=False)
    return 0


@contextmanager
def progress_bar(console: Console) -> Iterator[Callable[[int], None] | None]:
    """A count of events written on stderr when it is a terminal; nothing otherwise."""
    if not console.is_terminal:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.completed} events"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("export", total=None)
        yield lambda count: bar.update(task, completed=count)
