"""Rewriting PostgreSQL tables so that erased values leave no dead row version behind.

A plain VACUUM marks a dead row version's space free but leaves its bytes in the page; VACUUM
FULL writes the live rows into a new file and drops the old one. Neither removes a version that
a transaction still open may see: it stays ("recently dead") until the next rewrite. So the
caller notes the transaction id that erased (`current_transaction`, inside that transaction) and
rewrites once no transaction of the server could still see what it erased (`rewrite`). See
docs/decisions/0008-erasure-on-disk.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Connection

# Any backend of the server (every database: conservative) whose snapshot or own transaction
# began before the erasing transaction ended. Transaction ids are compared by their age, which
# wraps around as they do.
_OLDER_READERS = """
SELECT count(*) FROM pg_stat_activity
WHERE pid <> pg_backend_pid()
  AND (age(backend_xmin) >= age(CAST(%(xid)s AS xid))
       OR age(backend_xid) >= age(CAST(%(xid)s AS xid)))
"""


def current_transaction(tx: Connection) -> int:
    """The id of the caller's transaction (one is assigned if it had none yet)."""
    return int(
        tx.exec_driver_sql("SELECT CAST(CAST(pg_current_xact_id() AS text) AS bigint)").scalar_one()
    )


def rewrite(conn: Connection, tables: Sequence[str], erased_by: int) -> bool:
    """VACUUM FULL `tables` (quoted names) on an autocommit connection, unless a transaction
    that may still see what transaction `erased_by` erased is open: then False, nothing done."""
    xid = str(erased_by % 2**32)
    if conn.exec_driver_sql(_OLDER_READERS, {"xid": xid}).scalar():
        return False
    conn.exec_driver_sql(f"VACUUM FULL {', '.join(tables)}")
    return True
