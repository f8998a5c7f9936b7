"""How the PostgreSQL adapter writes the appends that queued together (grouping.py), on raw
psycopg connections of its own: SQLAlchemy's checkout, statement handling and result rows cost
more client CPU than the append itself.

- A group of appends to new streams (all NO_STREAM, the common case), or one such append alone:
  one statement whatever its size (postgres_sql.NEW_STREAMS), every event's fields bound as arrays
  in binary. Its hashes are computed here: a new stream chains from zero.
- Any other group: one statement per append; one such append alone: its statement.

Either way the statements, their transaction's BEGIN and COMMIT, and the notification that wakes
the store's listeners after it go out in one simple-protocol message, parameters bound here: one
round trip and one commit per group.

A statement whose stream claim fails (a wrong expected version, a stream that exists) inserts
nothing and leaves the transaction going: its append answers None and the others commit. Only an
event id already recorded aborts the transaction (a unique violation): the group is then written
again one append at a time, where the adapter tells a repeat from a conflict.
"""

from __future__ import annotations

import select
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

import psycopg
from psycopg import errors
from psycopg.adapt import Transformer
from psycopg.pq.abc import PGconn, PGresult

from .appends import Pending
from .model import NO_STREAM, AppendResult, Position
from .postgres_append_sql import Statements, append_call, new_streams_call

Outcome = AppendResult | None | Exception
_DONE = (psycopg.pq.ExecStatus.COMMAND_OK, psycopg.pq.ExecStatus.TUPLES_OK)
# Idle connections kept: one per lane, and a few for groups written outside the lanes.
KEPT = 8


class _Refused(Exception):
    pass


class AppendWriter:
    def __init__(
        self, dsn: str, statements: Statements, unavailable: Callable[[BaseException], Exception]
    ) -> None:
        self._dsn = dsn
        self._statements = statements
        self._unavailable = unavailable
        self._guard = threading.Lock()
        self._idle: list[psycopg.Connection[Any]] = []

    def write(self, group: Sequence[Pending]) -> list[Outcome]:
        """One outcome per append, in order: its result, None (refused), or its exception."""
        try:
            if all(p.expected is NO_STREAM for p in group):
                return self._new_streams(group)
            if len(group) > 1:
                return self._together(group)
        except _Refused:
            pass
        outcomes: list[Outcome] = []
        for pending in group:
            try:
                outcomes.append(self._alone(pending))
            except Exception as exc:
                outcomes.append(exc)
        return outcomes

    def _new_streams(self, group: Sequence[Pending]) -> list[Outcome]:
        sql, params, members = new_streams_call(self._statements, group)
        (rows,) = self._run([(sql, params)])
        last: dict[str, tuple[int, int, int]] = {}
        for xid, row_id, stream, version in rows:
            if stream not in last or row_id > last[stream][1]:
                last[stream] = (xid, row_id, version)
        outcomes: list[Outcome] = []
        for pending, member in zip(group, members, strict=True):
            found = last.get(pending.stream) if member else None
            outcomes.append(None if found is None else result(found))
        return outcomes

    def _together(self, group: Sequence[Pending]) -> list[Outcome]:
        # Every group takes its streams' locks in one order, by stream name, so that two groups
        # of two processes touching the same streams never wait for each other (a deadlock that
        # PostgreSQL breaks only after deadlock_timeout). A stable sort keeps the appends to one
        # stream in their order; each outcome goes back to its append's place.
        order = sorted(range(len(group)), key=lambda i: group[i].stream)
        answers = self._run([append_call(self._statements, group[i]) for i in order])
        outcomes: list[Outcome] = [None] * len(group)
        for i, rows in zip(order, answers, strict=True):
            outcomes[i] = result_of(rows)
        return outcomes

    def _alone(self, pending: Pending) -> Outcome:
        try:
            (rows,) = self._run([append_call(self._statements, pending)])
        except _Refused as refused:
            if "event_id" not in str(refused.args[0]):
                raise refused.args[0] from None
            return None
        return result_of(rows)

    def _run(self, calls: Sequence[tuple[str, dict[str, Any]]]) -> list[list[Any]]:
        """Each statement's rows, the statements committed together on a pooled connection; one
        that died idle is replaced once (a repeated append is recognised by its event ids, so
        writing it again is safe)."""
        for again in (True, False):
            with self._connection() as pg:
                try:
                    return self._commit_and_wake(pg, calls)
                except errors.UniqueViolation as exc:
                    raise _Refused(exc) from None
                except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                    pg.close()
                    if not again:
                        raise self._unavailable(exc) from None
        raise AssertionError("unreachable")

    def _commit_and_wake(
        self, pg: psycopg.Connection[Any], calls: Sequence[tuple[str, dict[str, Any]]]
    ) -> list[list[Any]]:
        """Each statement's rows, the statements run in one transaction and the store's
        notification after its COMMIT, all in one simple-protocol message: one round trip. The
        notification runs in an implicit transaction of its own, so the server's notification
        lock is not held through the append's flush (postgres_append_sql.py). An error before
        the COMMIT makes the server skip the rest: nothing committed, nobody to wake. An error
        after it loses only a wake-up, which leaves a reader to its own timer (0043)."""
        # Bound here rather than by the server: psycopg's pipeline, the other way to send
        # several statements at once, cost more client CPU than the round trip it saved.
        binder = psycopg.ClientCursor(pg)
        bound = [binder.mogrify(sql, params) for sql, params in calls]
        message = "; ".join(["BEGIN", *bound, "COMMIT", self._statements.notify])
        results = _exchange(pg.pgconn, message.encode(pg.info.encoding))
        commit = len(calls) + 1
        committed = len(results) > commit and results[commit].command_status == b"COMMIT"
        failed = next((r for r in results if r.status not in _DONE), None)
        if failed is not None and not committed:
            if pg.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
                with suppress(psycopg.Error):
                    pg.rollback()
            raise _error(pg, failed)
        loader = Transformer.from_context(pg)
        answers = []
        for result in results[1:commit]:
            loader.set_pgresult(result)
            answers.append(loader.load_rows(0, result.ntuples, tuple))
        return answers

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        with self._guard:
            pg = self._idle.pop() if self._idle else None
        if pg is None:
            try:
                pg = psycopg.connect(self._dsn, autocommit=True)
            except psycopg.Error as exc:
                raise self._unavailable(exc) from None
        try:
            yield pg
        finally:
            if not pg.closed and pg.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
                with self._guard:
                    if len(self._idle) < KEPT:
                        self._idle.append(pg)
                        pg = None
            if pg is not None:
                pg.close()

    def close(self) -> None:
        with self._guard:
            idle, self._idle = self._idle, []
        for pg in idle:
            pg.close()


def _exchange(pgconn: PGconn, message: bytes) -> list[PGresult]:
    """Send one message and read every result it brings, waiting in select() (green under
    eventlet, like postgres_wakeups.py); the server stops at the first error."""
    pgconn.send_query(message)
    while pgconn.flush():
        select.select([], [pgconn.socket], [])
    results: list[PGresult] = []
    while True:
        while pgconn.is_busy():
            select.select([pgconn.socket], [], [])
            pgconn.consume_input()
        result = pgconn.get_result()
        if result is None:
            return results
        results.append(result)


def _error(pg: psycopg.Connection[Any], result: PGresult) -> psycopg.Error:
    """The exception psycopg would have raised for an error result."""
    encoding = pg.info.encoding
    message = psycopg.pq.error_message(result, encoding=encoding)
    state = result.error_field(psycopg.pq.DiagnosticField.SQLSTATE)
    if pg.pgconn.status == psycopg.pq.ConnStatus.BAD or not state:
        return psycopg.OperationalError(message)
    return errors.lookup(state.decode())(message, info=result, encoding=encoding)


def result_of(rows: Sequence[Any]) -> AppendResult | None:
    """An append's result from the rows its statement returned (xid, id, version); None when
    its claim failed."""
    if not rows:
        return None
    xid, row_id, version = max(rows, key=lambda r: r[1])
    return AppendResult(version, Position((xid, row_id)))


def result(found: tuple[int, int, int]) -> AppendResult:
    xid, row_id, version = found
    return AppendResult(version, Position((xid, row_id)))
