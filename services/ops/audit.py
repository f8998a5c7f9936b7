"""`quartier audit`: who did what, when and why, from the log (personal data decoded with the
keyring: this is the operators' tool; an erased resident's reads back "[erased]").

    quartier audit stream STREAM [--as-of TIME|POSITION] [--json]
    quartier audit resident RESIDENT_ID --actor NAME --reason "..." [--json]
    quartier audit correlation CORRELATION_ID [--json]

`--as-of` folds the stream with its context's own fold (each context's domain exports FOLDS by
stream category) up to that moment, then lists what came after. Reading a resident's trail is
itself recorded, before anything is shown: `ops.ResidentAuditRead` on the operator's stream
(docs/decisions/0033-operators-actions.md).

A resident's trail and a correlation are found through the ops service's audit index where its
read models are configured (docs/decisions/0046-the-audit-index.md); elsewhere the whole log is
scanned, and stderr says so.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.json import JSON

from contracts.ops.events import MAX_REASON, ResidentAuditRead, audit_stream
from services.eventstore import EventStore, Position, RecordedEvent

from . import audit_lookup
from . import audit_reading as reading
from .audit_view import print_entries, print_json
from .identity_calls import operator_actor, resident_id
from .opening import Opened, opened
from .progress import spinner


def register(commands: Any) -> None:
    audit = commands.add_parser("audit", help="who did what, when and why")
    kinds = audit.add_subparsers(required=True)
    stream = kinds.add_parser("stream", help="the decoded history of one stream")
    stream.add_argument("stream")
    stream.add_argument(
        "--as-of", help="a position, or an ISO 8601 time (UTC unless it names its zone)"
    )
    stream.add_argument("--json", action="store_true")
    stream.set_defaults(run=_stream)
    resident = kinds.add_parser("resident", help="every event by or about a resident")
    resident.add_argument("resident_id")
    resident.add_argument("--actor", required=True, help="your operator handle")
    resident.add_argument("--reason", required=True, help="why you read it (recorded)")
    resident.add_argument("--json", action="store_true")
    resident.set_defaults(run=_resident)
    correlation = kinds.add_parser("correlation", help="everything one request caused")
    correlation.add_argument("correlation_id")
    correlation.add_argument("--json", action="store_true")
    correlation.set_defaults(run=_correlation)


def _stream(args: argparse.Namespace, console: Console) -> int:
    with opened() as ops:
        if args.as_of is None:
            shown = reading.history(ops.store, ops.codec, args.stream)
            if args.json:
                print_json(shown)
            else:
                print_entries(console, args.stream, shown)
            return 0
        found = reading.as_of(ops.store, ops.codec, args.stream, args.as_of, "--as-of")
    if args.json:
        print_json(found)
        return 0
    console.print(f"{args.stream} as of {args.as_of}: version {found['version']}", highlight=False)
    console.print(JSON.from_data(found["state"], ensure_ascii=False))
    print_entries(console, "what came after", found["after"])
    return 0


def _resident(args: argparse.Namespace, console: Console) -> int:
    rid, handle = resident_id(args.resident_id), args.actor
    operator_actor(handle)
    reason = args.reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise ValueError(f"--reason says why, in 1 to {MAX_REASON} characters")
    with opened() as ops, _lookups(ops, console, args.json) as log:
        found = reading.trail(log, rid)
        erased = ops.keyring.is_erased(rid)
        shown = reading.entries(ops.codec, found)
        # Recorded before anything is shown: a reading that cannot be recorded does not happen.
        ops.record(
            audit_stream(handle),
            ResidentAuditRead(handle, uuid.UUID(rid), reason, len(shown), datetime.now(UTC)),
            handle,
        )
    if args.json:
        print_json({"resident_id": rid, "erased": erased, "events": shown})
        return 0
    title = f"resident {rid}" + (" (erased)" if erased else "")
    print_entries(console, title, shown)
    return 0


def _correlation(args: argparse.Namespace, console: Console) -> int:
    with opened() as ops, _lookups(ops, console, args.json) as log:
        found = reading.correlation(log, ops.codec, args.correlation_id)
    if args.json:
        print_json(found)
    else:
        print_entries(console, f"correlation {args.correlation_id}", found)
    return 0


@contextmanager
def _lookups(ops: Opened, console: Console, quiet: bool) -> Iterator[reading.Lookups]:
    """Through the ops service's audit index where its read models are configured; else the
    whole log, scanned, which the operator is told on stderr."""

    def read_after(after: Position | None, what: str) -> Iterator[RecordedEvent]:
        return _scan(ops.store, console, quiet, what, after)

    with audit_lookup.from_settings(ops.store, ops.settings, read_after) as (index, why):
        if index is not None:
            yield index
            return
        errors = Console(stderr=True, width=None if sys.stderr.isatty() else 240)
        errors.print(f"quartier: {why}: reading the whole log", style="yellow", highlight=False)
        yield reading.Scanned(lambda what: read_after(None, what))


def _scan(
    store: EventStore, console: Console, quiet: bool, what: str, after: Position | None = None
) -> Iterator[RecordedEvent]:
    """The log in order (after a position, or all of it), with a progress bar towards its
    head."""
    with spinner(console, quiet, what, "{task.completed} events") as bar:
        task = bar.add_task(what, total=None)
        for n, event in enumerate(store.read_all(after, limit=None), 1):
            if n % 1000 == 0:
                bar.update(task, completed=n)
            yield event
