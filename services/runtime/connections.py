"""Whether a database error means the connection is gone (the server stopped, the network
dropped, a pooled connection died idle), as opposed to a refusal of the statement itself.

Every adapter that turns a lost database into its own "unavailable" error, and the subscription
runner that must not blame an event for it, asks this one question here. Pools of PostgreSQL
connections check theirs on checkout here too (`check_on_checkout`).
"""

from __future__ import annotations

import select
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine

T = TypeVar("T")


def is_connection_lost(exc: BaseException) -> bool:
    """True for a DBAPI error whose connection SQLAlchemy invalidated, and for the driver's
    OperationalError and InterfaceError (a refused or dropped connection, a closed cursor):
    both mean the database, not the statement, failed. Anything else (an integrity error, a
    programming error, an exception that is no database error at all) is False."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    return bool(exc.connection_invalidated) or isinstance(
        exc, sa.exc.OperationalError | sa.exc.InterfaceError
    )


@contextmanager
def lost_as(unavailable: Callable[[str], Exception], what: str) -> Iterator[None]:
    """A connection lost inside the block becomes `unavailable(message)`, the message naming
    `what` and the driver's error type (never a statement or its values); any other database
    error goes on unchanged."""
    try:
        yield
    except sa.exc.DBAPIError as exc:
        if is_connection_lost(exc):
            reason = type(exc.orig).__name__ if exc.orig else type(exc).__name__
            raise unavailable(
                f"{what} is unreachable ({reason}); check QUARTIER_READ_MODELS and that its"
                " server is running"
            ) from None
        raise


def again_if_dropped(work: Callable[[], T]) -> T:
    """`work()`, run once more if the pool threw its connection away under it: one that died
    without a word (its server's host gone from the network) fails its first statement, and
    the pool connects anew. `work` must be whole transactions, harmless to run twice."""
    try:
        return work()
    except sa.exc.DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
    return work()


# A pooled connection used within this many seconds is trusted without a round trip, unless
# its socket says the server hung up; one idle for longer is pinged first.
IDLE_PING_SECONDS = 5.0
_IDLE_SINCE = "quartier_idle_since"


def check_on_checkout(engine: Engine, idle_ping: float = IDLE_PING_SECONDS) -> None:
    """Make `engine`'s pool replace a dead connection before handing it out, as
    `pool_pre_ping` does, for the cost of a `poll` rather than a round trip on every checkout
    (docs/decisions/0055). A connection is pinged only if it sat idle longer than
    `idle_ping`, or if its socket has something to read: an idle connection's server has
    nothing to say, unless it shut down or ended the session. A failed ping invalidates the
    whole pool, as the pre-ping does (the server probably restarted), and the pool connects
    anew; if that fails too, the driver's error names the server as before."""
    dialect = engine.dialect
    spoken = _poller()

    def checked_in(dbapi_connection: Any, record: Any) -> None:
        if dbapi_connection is not None:
            record.info[_IDLE_SINCE] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_IDLE_SINCE)
        if since is None:  # connected for this checkout
            return
        if time.monotonic() - since <= idle_ping and not spoken(dbapi_connection):
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            raise sa.exc.InvalidatePoolError(
                f"stale pooled connection ({type(exc).__name__})"
            ) from exc

    sa.event.listen(engine, "checkin", checked_in)
    sa.event.listen(engine, "checkout", checked_out)


def _poller() -> Callable[[Any], bool]:
    """Whether the server sent anything to a connection at rest (a shutdown's notice, the end
    of the stream): a `poll` of its socket, no round trip. The operating system's own poll:
    under eventlet's monkey-patching `select` has none, and its green select would hand the
    hub over for a check that takes no time."""
    patcher = sys.modules.get("eventlet.patcher")
    real = patcher.original("select") if patcher is not None else select

    def spoken(dbapi_connection: Any) -> bool:
        poller = real.poll()
        poller.register(dbapi_connection.fileno(), real.POLLIN)
        return bool(poller.poll(0))

    return spoken
