"""Whether a log is there, asked without making one. A service opening its log makes it when it
is missing; the operators' tools must not: pointed at a mistyped data directory or schema, they
would answer from a new, empty log (`verify`: intact; `replay`: an empty read model switched
over), and leave it behind."""

from __future__ import annotations

from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from . import POSTGRES_SCHEMES, parts
from .model import EventStoreUnavailable


def missing_log(url: str) -> str | None:
    """Why the log `url` names is not there, or None when it is (or cannot be told apart from
    a new one: memory://, EventStoreDB)."""
    scheme, rest = parts(url)
    if scheme == "sqlite":
        if rest and rest != ":memory:" and not Path(rest).is_file():
            return f"no event log at {rest}"
        return None
    if scheme in POSTGRES_SCHEMES:
        return _missing_table("postgresql://" + rest)
    return None


def _missing_table(url: str) -> str | None:
    parsed = make_url(url)
    schema = parsed.query.get("schema")
    name = schema[0] if isinstance(schema, tuple) else schema
    dsn = parsed.difference_update_query(["schema"]).render_as_string(hide_password=False)
    where = f"PostgreSQL at {parsed.host or 'localhost'}:{parsed.port or 5432}"
    table = sql.Identifier(name, "events") if name else sql.Identifier("events")
    try:
        with psycopg.connect(dsn, connect_timeout=10) as conn:
            found = conn.execute(
                sql.SQL("SELECT to_regclass({})").format(sql.Literal(table.as_string(conn)))
            ).fetchone()
    except psycopg.Error as exc:
        reason = (str(exc).strip() or type(exc).__name__).splitlines()[0]
        unreachable = f"the event store, {where}, is unreachable ({reason})"
        raise EventStoreUnavailable(unreachable) from None
    if found is None or found[0] is None:
        return f"no event log in {where}, database {parsed.database}" + (
            f", schema {name}" if name else ""
        )
    return None
