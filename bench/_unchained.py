"""The baseline of the tamper-evidence benchmark: the same event store with its hashing taken
out, as it appended before docs/decisions/0031 (patched into a writer process of its own)."""

from __future__ import annotations

from typing import Any

_CLAIMS = {
    "new": "claim AS (INSERT INTO {s}streams (name, version)"
    " SELECT %(stream)s, %(count)s - 1 FROM held"
    " ON CONFLICT (name) DO NOTHING RETURNING version) ",
    "any": "claim AS (INSERT INTO {s}streams AS st (name, version)"
    " SELECT %(stream)s, %(count)s - 1 FROM held"
    " ON CONFLICT (name) DO UPDATE SET version = st.version + %(count)s RETURNING version) ",
    "at": "claim AS (UPDATE {s}streams SET version = version + %(count)s FROM held"
    " WHERE name = %(stream)s AND version = %(expected)s RETURNING version) ",
}
_COLUMNS = "event_id, stream, category, version, type, schema_version, data, metadata, recorded_at"
_INSERT_ONE = (
    "INSERT INTO {s}events (" + _COLUMNS + ") SELECT %(id)s, %(stream)s, %(category)s,"
    " claim.version, %(type)s, %(sv)s, %(data)s, %(meta)s, %(now)s FROM claim"
    " RETURNING xid, id, version"
)
_INSERT_MANY = (
    "INSERT INTO {s}events (" + _COLUMNS + ") SELECT e.event_id, %(stream)s, %(category)s,"
    " claim.version - %(count)s + e.n, e.type, e.schema_version, e.data, e.metadata, %(now)s"
    " FROM claim, unnest(%(ids)s::uuid[], %(types)s::text[], %(svs)s::int[], %(datas)s::text[],"
    " %(metas)s::text[]) WITH ORDINALITY AS e(event_id, type, schema_version, data, metadata, n)"
    " ORDER BY e.n RETURNING xid, id, version"
)


def _statements(schema: str | None, table_oid: int) -> tuple[dict[str, str], dict[str, str]]:
    from services.eventstore import postgres_sql

    prefix = f'"{schema}".' if schema else ""
    lock = postgres_sql._LOCK.format(
        cls=postgres_sql.LOCK_CLASS, key=postgres_sql.lock_key(table_oid)
    )
    one = {k: (lock + c + _INSERT_ONE).format(s=prefix) for k, c in _CLAIMS.items()}
    many = {k: (lock + c + _INSERT_MANY).format(s=prefix) for k, c in _CLAIMS.items()}
    return one, many


def _nothing(*_args: Any) -> bytes:
    return b""


def unchain() -> None:
    """From now on, in this process, stores append without computing or storing hashes."""
    from services.eventstore import postgres, postgres_sql, sqlite

    postgres.append_statements = _statements  # type: ignore[assignment]
    postgres_sql.digest = _nothing  # type: ignore[assignment]
    sqlite.digest = _nothing  # type: ignore[assignment]
    sqlite.chain = lambda _previous, digests: [None for _ in digests]  # type: ignore[assignment]
