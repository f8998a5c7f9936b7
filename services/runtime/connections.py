"""Whether a database error means the connection is gone (the server stopped, the network
dropped, a pooled connection died idle), as opposed to a refusal of the statement itself.

Every adapter that turns a lost database into its own "unavailable" error, and the subscription
runner that must not blame an event for it, asks this one question here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa


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
