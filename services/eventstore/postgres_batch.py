"""How the PostgreSQL adapter writes the appends that queued together (grouping.py), on raw
psycopg connections of its own: SQLAlchemy's checkout, statement handling and result rows cost
more client CPU than the append itself.

- A group of appends to new streams (all NO_STREAM, the common case), or one such append alone:
  one statement whatever its size (postgres_sql.NEW_STREAMS), its own transaction, every event's
  fields bound as arrays in binary. Its hashes are computed here: a new stream chains from zero.
- Any other group: one transaction sent in one pipeline, one statement per append, about two
  round trips and one commit for the group; one such append alone: its statement, autocommitted.

A statement whose stream claim fails (a wrong expected version, a stream that exists) inserts
nothing and leaves the transaction going: its append answers None and the others commit. Only an
event id already recorded aborts the transaction (a unique violation): the group is then written
again one append at a time, where the adapter tells a repeat from a conflict.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from psycopg import errors

from .appends import Pending
from .model import NO_STREAM, AppendResult, Position
from .postgres_append_sql import Statements, append_call, new_streams_call, woken

Outcome = AppendResult | None | Exception
T = TypeVar("T")
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
        rows = self._run(lambda pg: pg.execute(sql, params).fetchall(), woken(group))
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
        calls = [append_call(self._statements, group[i]) for i in order]

        def run(pg: psycopg.Connection[Any]) -> list[Outcome]:
            with pg.transaction(), pg.pipeline():
                cursors = [pg.execute(sql, params) for sql, params in calls]
            outcomes: list[Outcome] = [None] * len(group)
            for i, cursor in zip(order, cursors, strict=True):
                outcomes[i] = result_of(cursor.fetchall())
            return outcomes

        return self._run(run, woken(group))

    def _alone(self, pending: Pending) -> Outcome:
        sql, params = append_call(self._statements, pending)
        try:
            found = self._run(lambda pg: pg.execute(sql, params).fetchall(), woken([pending]))
            return result_of(found)
        except _Refused as refused:
            if "event_id" not in str(refused.args[0]):
                raise refused.args[0] from None
            return None

    def _run(self, work: Callable[[psycopg.Connection[Any]], T], contexts: str) -> T:
        """`work` on a pooled connection, then the wake-up naming `contexts`; a connection that
        died idle is replaced once (a repeated append is recognised by its event ids, so writing
        it again is safe)."""
        for again in (True, False):
            with self._connection() as pg:
                try:
                    done = work(pg)
                except errors.UniqueViolation as exc:
                    raise _Refused(exc) from None
                except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                    pg.close()
                    if not again:
                        raise self._unavailable(exc) from None
                    continue
                self._wake(pg, contexts)
                return done
        raise AssertionError("unreachable")

    def _wake(self, pg: psycopg.Connection[Any], contexts: str) -> None:
        """Wake the store's listeners now that the append has committed, in a transaction of
        its own (postgres_append_sql.py says why). A wake-up lost with the connection only
        leaves a reader to its own timer (docs/decisions/0043); the append stands."""
        try:
            pg.execute(self._statements.notify, (contexts,))
        except psycopg.Error:
            pg.close()

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
