"""The baseline of the tamper-evidence benchmark: the same event store with its hashing taken
out, as it appended before docs/decisions/0031 (patched into a writer process of its own).

Everything else of the append path stays the store's own (the group commit, the statements of
postgres_append_sql.py, the writer of postgres_batch.py), so that the two figures differ by the
hashing alone: no digest, no chain, the hash column left NULL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

# The store's claims without the chain: the same lock, claim and insert, as before 0031.
_CLAIMS = {
    "new": "claim AS (INSERT INTO {s}streams (name, version)"
    " SELECT %(stream)s, %(count)s - 1 FROM held"
    " ON CONFLICT (name) DO NOTHING RETURNING version) ",
    "any": "{ordered}claim AS (INSERT INTO {s}streams AS st (name, version)"
    " SELECT %(stream)s, %(count)s - 1 FROM held, ordered"
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


def _statements(schema: str | None, table_oid: int) -> Any:
    from services.eventstore import postgres_append_sql as sql

    hashed = _ORIGINAL["statements"](schema, table_oid)
    # The lock (with its notification) is the store's own, cut from one of its statements:
    # formatting a copy of it here is what broke when its placeholders changed.
    lock = hashed.one["new"][: hashed.one["new"].index("claim AS (")]
    parts = {
        "s": f'"{schema}".' if schema else "",
        "ordered": sql._ORDERED.format(oid=table_oid),
    }
    one = {k: lock + (c + _INSERT_ONE).format(**parts) for k, c in _CLAIMS.items()}
    many = {k: lock + (c + _INSERT_MANY).format(**parts) for k, c in _CLAIMS.items()}
    # New streams bind their hashes from the client (NULL here, see `_no_chain`).
    return dataclasses.replace(hashed, one=one, many=many)


def _no_digests(_stream: str, events: Sequence[Any], _at: Any) -> list[bytes]:
    return [b""] * len(events)


def _no_chain(_previous: bytes, digests: Sequence[bytes]) -> list[None]:
    return [None] * len(digests)


_ORIGINAL: dict[str, Callable[..., Any]] = {}


def unchain() -> Callable[[], None]:
    """From now on, in this process, stores opened after this call append without computing or
    storing hashes; the function returned puts hashing back (for stores opened after it)."""
    from services.eventstore import appends, postgres, postgres_append_sql, sqlite_appends

    patched: list[tuple[Any, str, Any]] = [
        (postgres, "append_statements", _statements),
        (appends, "digests", _no_digests),
        (postgres_append_sql, "chain", _no_chain),
        (sqlite_appends, "chain", _no_chain),
    ]
    saved = [(module, name, getattr(module, name)) for module, name, _ in patched]
    _ORIGINAL["statements"] = saved[0][2]
    for module, name, replacement in patched:
        setattr(module, name, replacement)

    def undo() -> None:
        for module, name, original in saved:
            setattr(module, name, original)

    return undo
