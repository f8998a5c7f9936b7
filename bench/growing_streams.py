"""Commands on streams that only grow, at several lengths: a join (and a leave) in a neighbourhood
of more and more members, a notification marked read in an inbox of more and more marks, a
message in a conversation of more and more messages (each sealed with its author's key). Each
with its fold remembered between commands (docs/decisions/0072) against the same commands
deciding on the whole stream, read and folded anew each time (the code before it), in the same
run, taking turns round by round. A raw `read_stream` of the whole stream is shown beside: what
reading alone costs a command that reads everything.

    .venv/bin/python bench/growing_streams.py               # SQLite file; appends to RESULTS.md
    .venv/bin/python bench/growing_streams.py --pg          # the store on PostgreSQL
    .venv/bin/python bench/growing_streams.py --quick       # smoke run, not recorded

The handlers are the services' own, in this process, on a real store; every member has a
verified home inside the boundary, as the service's joins need.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _ratios
import _report

import matching.handlers as matching_handlers
import matching.handlers.connections as connection_handlers
import notifications.handlers as inbox_handlers
from contracts import default_registry
from matching.commands.connections import MakeConnection, PostMessage
from matching.domain.connection import MESSAGE_WINDOW, connection_stream
from matching.handlers import MatchingHandlers
from neighbourhoods.domain.neighbourhood import neighbourhood_stream
from neighbourhoods.handlers import NeighbourhoodHandlers, base
from notifications.commands import MarkRead
from notifications.domain.inbox import inbox_stream
from services.eventstore import EventStore, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.unit.neighbourhoods import HOME, home, north, square

HERE = Path(__file__).resolve().parent
PG = "postgresql://postgres@127.0.0.1:5432/test"
Figure = Callable[[EventStore, int], tuple[float, float]]


@contextlib.contextmanager
def whole_stream(
    module: ModuleType, name: str, tables: tuple[dict[Any, Any], ...]
) -> Iterator[None]:
    """Handlers made meanwhile decide on the whole stream of `module.name`, as before 0072:
    the aggregate is swapped in every table that holds it (a context's table may gather
    another's)."""
    remembered = getattr(module, name)
    plain = dataclasses.replace(remembered, remembered=False)
    swapped = [{c: a for c, a in table.items() if a is remembered} for table in tables]
    for table, mine in zip(tables, swapped, strict=True):
        table.update(dict.fromkeys(mine, plain))
    setattr(module, name, plain)
    try:
        yield
    finally:
        for table, mine in zip(tables, swapped, strict=True):
            table.update(mine)
        setattr(module, name, remembered)


@functools.cache
def codec() -> Codec:
    """One keyring for the run: the handlers of every figure open what the others sealed."""
    return Codec(default_registry(), MemoryKeyring(), b"n" * 32)


def now() -> datetime:
    return datetime.now(UTC)


class Neighbourhood:
    """One neighbourhood grown to each size; ms per join, then per leave of the same residents
    (it ends each figure as it began)."""

    title = "join in a neighbourhood of N members"
    module, aggregate, tables = base, "NEIGHBOURHOOD", (base.HANDLERS,)

    def __init__(self, store: EventStore) -> None:
        h = NeighbourhoodHandlers(store, codec(), now)
        self.nid = h.create(
            uuid.uuid4(), uuid.uuid4(), "Les Lilas", "", square(HOME), home(HOME)
        ).neighbourhood_id
        self.stream = neighbourhood_stream(self.nid)

    def grow(self, store: EventStore, size: int) -> None:
        h = NeighbourhoodHandlers(store, codec(), now)
        while h.neighbourhood(self.nid).member_count < size:
            h.join(uuid.uuid4(), self.nid, uuid.uuid4(), home(north(HOME, 100)))

    def figure(self, store: EventStore, commands: int) -> tuple[float, float]:
        h = NeighbourhoodHandlers(store, codec(), now)
        h.neighbourhood(self.nid)  # a replica that has served this neighbourhood before
        joined = [uuid.uuid4() for _ in range(commands)]
        joins = _seconds(
            lambda: [h.join(uuid.uuid4(), self.nid, r, home(north(HOME, 100))) for r in joined]
        )
        leaves = _seconds(lambda: [h.leave(uuid.uuid4(), self.nid, r) for r in joined])
        return 1000 * joins / commands, 1000 * leaves / commands


class Inbox:
    """One resident's inbox grown to each number of marks; ms per mark of a new notification
    (the second figure: a mark of one already read, which records nothing)."""

    title = "mark read in an inbox of N marks"
    module, aggregate, tables = inbox_handlers, "INBOX", (inbox_handlers.HANDLERS,)

    def __init__(self, store: EventStore) -> None:
        self.rid = uuid.uuid4()
        self.stream = inbox_stream(self.rid)
        self.first = uuid.uuid4()

    def _mark(self, h: Any, nid: uuid.UUID) -> None:
        h.execute(MarkRead(uuid.uuid4(), self.rid, nid, now()))

    def grow(self, store: EventStore, size: int) -> None:
        h = inbox_handlers.NotificationHandlers(store, codec(), now)
        self._mark(h, self.first)
        while len(store.read_stream(self.stream)) < size:
            self._mark(h, uuid.uuid4())

    def figure(self, store: EventStore, commands: int) -> tuple[float, float]:
        h = inbox_handlers.NotificationHandlers(store, codec(), now)
        self._mark(h, self.first)  # a replica that has served this resident before
        new = _seconds(lambda: [self._mark(h, uuid.uuid4()) for _ in range(commands)])
        again = _seconds(lambda: [self._mark(h, self.first) for _ in range(commands)])
        return 1000 * new / commands, 1000 * again / commands


class Conversation:
    """Two residents put in touch, their conversation grown to each number of messages; ms per
    message, and per read of the connection's state (what the door reads before each one).
    Messages are a rate-limit window apart, as a slow conversation's are."""

    title = "message in a conversation of N messages"
    module, aggregate = connection_handlers, "CONNECTION"
    tables = (connection_handlers.HANDLERS, matching_handlers.HANDLERS)

    def __init__(self, store: EventStore) -> None:
        self.cid, self.pair = uuid.uuid4(), (uuid.uuid4(), uuid.uuid4())
        self.stream = connection_stream(self.cid)
        self.at = datetime(2026, 1, 1, tzinfo=UTC)
        made = MakeConnection(uuid.uuid4(), self.cid, self.pair, "match", None, None, False, now())
        MatchingHandlers(store, codec(), now).act(made, None)

    def _post(self, h: MatchingHandlers, n: int) -> None:
        self.at += MESSAGE_WINDOW + timedelta(seconds=1)
        author = self.pair[n % 2]
        text = f"Message {n}: la perceuse est prête, je passe à 18 h ?"
        h.act(PostMessage(uuid.uuid4(), self.cid, author, text, False, self.at), author)

    def grow(self, store: EventStore, size: int) -> None:
        h = MatchingHandlers(store, codec(), now)
        while len(store.read_stream(self.stream)) < size:
            self._post(h, size)

    def figure(self, store: EventStore, commands: int) -> tuple[float, float]:
        h = MatchingHandlers(store, codec(), now)
        h.connection(self.cid)  # a replica that has served this conversation before
        posts = _seconds(lambda: [self._post(h, n) for n in range(commands)])
        reads = _seconds(lambda: [h.connection(self.cid) for _ in range(commands)])
        return 1000 * posts / commands, 1000 * reads / commands


def _seconds(work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def measure(store: EventStore, case: Any, sizes: list[int], args: argparse.Namespace) -> list[str]:
    second = {Neighbourhood: "leave", Inbox: "mark again", Conversation: "state read"}[type(case)]
    lines = [
        f"| {case.title}: N | ms, remembered | ms, whole stream | whole / remembered "
        f"| {second} ms, remembered | {second} ms, whole stream | raw read_stream ms (events) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        case.grow(store, size)
        figures: dict[str, list[tuple[float, float]]] = {"remembered": [], "whole": []}
        for _ in range(args.rounds):
            figures["remembered"].append(case.figure(store, args.commands))
            with whole_stream(case.module, case.aggregate, case.tables):
                figures["whole"].append(case.figure(store, args.commands))
        events = len(store.read_stream(case.stream))
        ratios = _ratios.per_round(
            [w[0] for w in figures["whole"]], [r[0] for r in figures["remembered"]]
        )
        first = {k: statistics.median(f[0] for f in v) for k, v in figures.items()}
        then = {k: statistics.median(f[1] for f in v) for k, v in figures.items()}
        raw = min(_ratios.timed(lambda: store.read_stream(case.stream), 5))
        lines.append(
            f"| {size:,} | {first['remembered']:.2f} | {first['whole']:.2f} | "
            f"{_ratios.spread(ratios)} | {then['remembered']:.2f} | {then['whole']:.2f} | "
            f"{raw:.1f} ({events:,}) |"
        )
        print(lines[-1], flush=True)
    return lines


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="100,1000,3000", help="members, marks and messages")
    p.add_argument("--commands", type=int, default=20, help="commands per figure")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--pg", action="store_true", help="the store on PostgreSQL, not SQLite")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--no-record", action="store_true")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.commands, args.rounds, args.no_record = "50,200", 5, 1, True
    sizes = [int(s) for s in args.sizes.split(",")]
    schema = f"bench_growing_{uuid.uuid4().hex[:8]}"
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"{PG}?schema={schema}" if args.pg else f"sqlite:///{tmp}/events.db"
        store = connect(url)
        try:
            for case in (Neighbourhood(store), Inbox(store), Conversation(store)):
                lines += [*measure(store, case, sizes, args), ""]
        finally:
            store.close()
            if args.pg:
                _drop(schema)
    print("\n".join(lines))
    if not args.no_record:
        _record(lines, args)


def _record(lines: list[str], args: argparse.Namespace) -> None:
    backend = "PostgreSQL" if args.pg else "SQLite (file)"
    settings = (
        f"`bench/growing_streams.py --sizes {args.sizes} --commands {args.commands} "
        f"--rounds {args.rounds}{' --pg' if args.pg else ''}`: the services' handlers in one "
        f"process on {backend}; per size, {args.commands} commands of each kind, remembered "
        "and whole-stream taking turns; medians of the rounds, ratio of each round's "
        "whole-stream figure over the remembered one"
    )
    version = _report.pg_version(PG) if args.pg else None
    heading = _report.heading("Commands on growing streams", _report.machine(version), settings)
    with (HERE / "RESULTS.md").open("a") as f:
        f.write("\n" + "\n".join([*heading, *lines]).rstrip() + "\n")


def _drop(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    main(sys.argv[1:])
