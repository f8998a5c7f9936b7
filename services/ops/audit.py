"""`quartier audit`: who did what, when and why, from the log (personal data decoded with the
keyring: this is the operators' tool; an erased resident's reads back "[erased]").

    quartier audit stream STREAM [--as-of TIME|POSITION] [--json]
    quartier audit resident RESIDENT_ID --actor NAME --reason "..." [--json]
    quartier audit correlation CORRELATION_ID [--json]

`--as-of` folds the stream with its context's own fold (each context's domain exports FOLDS by
stream category) up to that moment, then lists what came after. Reading a resident's trail is
itself recorded, before anything is shown: `ops.ResidentAuditRead` on the operator's stream
(docs/decisions/0033-operators-actions.md).
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.json import JSON
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from contracts.ops.events import MAX_REASON, ResidentAuditRead, audit_stream
from services.eventstore import EventStore, InvalidPosition, Position, RecordedEvent, category_of

from .audit_view import entry, jsonable, print_entries, print_json
from .identity_calls import operator_actor, resident_id
from .opening import Opened, exported, opened


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
        events = ops.store.read_stream(args.stream)
        if not events:
            raise LookupError(f"no stream {args.stream} in the log")
        if args.as_of is None:
            shown = [entry(ops.codec, e) for e in events]
            if args.json:
                print_json(shown)
            else:
                print_entries(console, args.stream, shown)
            return 0
        cut = _moment(ops.store, args.as_of)
        before = [e for e in events if _until(e, cut)]
        after = events[len(before) :]
        state = _state(ops, args.stream, before)
    later = [entry(ops.codec, e) for e in after]
    version = before[-1].version if before else None
    if args.json:
        print_json({"as_of": args.as_of, "version": version, "state": state, "after": later})
        return 0
    console.print(f"{args.stream} as of {args.as_of}: version {version}", highlight=False)
    console.print(JSON.from_data(state, ensure_ascii=False))
    print_entries(console, "what came after", later)
    return 0


def _state(ops: Opened, stream: str, events: list[RecordedEvent]) -> Any:
    category = category_of(stream)
    fold: Callable[[list[Any]], Any] | None = exported("domain", "FOLDS").get(category)
    if fold is None:
        raise LookupError(f"no context exports a fold for streams of {category}")
    return jsonable(fold([ops.codec.decode(e).event for e in events]))


def _moment(store: EventStore, text: str) -> Position | datetime:
    try:
        return store.position_from_string(text)
    except InvalidPosition:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--as-of {text!r} is neither a position nor an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _until(event: RecordedEvent, cut: Position | datetime) -> bool:
    if isinstance(cut, Position):
        return event.position <= cut
    return event.recorded_at <= cut


def _resident(args: argparse.Namespace, console: Console) -> int:
    rid, handle = resident_id(args.resident_id), args.actor
    operator_actor(handle)
    reason = args.reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise ValueError(f"--reason says why, in 1 to {MAX_REASON} characters")
    with opened() as ops:
        found = _trail(ops.store, rid, console, args.json)
        erased = ops.keyring.is_erased(rid)
        shown = [entry(ops.codec, e) for e in found]
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


def _trail(store: EventStore, rid: str, console: Console, quiet: bool) -> list[RecordedEvent]:
    """Events by the resident (actor), about them (their id in the stream or the data), and
    every event of the same requests (correlation) or caused by one of those (causation)."""
    correlations: set[str] = set()
    caused: set[str] = set()
    for event in _scan(store, console, quiet, "finding the resident's events"):
        if _concerns(event, rid):
            correlations.add(str(event.metadata.get("correlation_id")))
            caused.add(str(event.event_id))
    found = []
    for event in _scan(store, console, quiet, "following their requests"):
        meta = event.metadata
        if (
            str(event.event_id) in caused
            or meta.get("correlation_id") in correlations
            or meta.get("causation_id") in caused
        ):
            found.append(event)
    return found


def _concerns(event: RecordedEvent, rid: str) -> bool:
    return (
        event.metadata.get("actor") == f"resident:{rid}"
        or event.stream.endswith(rid)
        or _mentions(event.data, rid)
    )


def _mentions(value: Any, rid: str) -> bool:
    if isinstance(value, str):
        return value == rid
    if isinstance(value, dict):
        return any(_mentions(v, rid) for v in value.values())
    if isinstance(value, list):
        return any(_mentions(v, rid) for v in value)
    return False


def _correlation(args: argparse.Namespace, console: Console) -> int:
    with opened() as ops:
        found = [
            entry(ops.codec, e)
            for e in _scan(ops.store, console, args.json, "reading the log")
            if e.metadata.get("correlation_id") == args.correlation_id
        ]
    if not found:
        raise LookupError(f"no event of correlation {args.correlation_id} in the log")
    if args.json:
        print_json(found)
    else:
        print_entries(console, f"correlation {args.correlation_id}", found)
    return 0


def _scan(store: EventStore, console: Console, quiet: bool, what: str) -> Iterator[RecordedEvent]:
    """The whole log in order, with a progress bar towards its head."""
    with Progress(
        SpinnerColumn(),
        TextColumn(what),
        TextColumn("{task.completed} events"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    ) as bar:
        task = bar.add_task(what, total=None)
        for n, event in enumerate(store.read_all(limit=None), 1):
            if n % 1000 == 0:
                bar.update(task, completed=n)
            yield event
