"""The PostgreSQL adapter's append statements: the stream claim and the insert in one statement,
under the appends' shared advisory lock (postgres_sql.py says why readers need it), and the
parameters each append or group of appends binds to them (postgres_batch.py runs them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from contracts.contexts import context_of

from .appends import Pending
from .ledger import chain
from .model import ANY, NO_STREAM, category_of
from .postgres_sql import LOCK_CLASS, channel, lock_key

_LOCK = "WITH held AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared({cls}, {key}) AS ok), "
# The store's listeners (postgres_wakeups.py) are woken by a statement of its own, sent once the
# append has committed. A transaction that notifies holds PostgreSQL's notification lock, one for
# the whole server, from just before its commit until after it, flush to disk included: inside
# the append it made every notifying commit of the server wait for the one before.
# Its payload names the contexts appended to (`identity,listings`), so that a listener wakes only
# the readers of those (docs/decisions/0060).
_NOTIFY = "SELECT pg_notify('{channel}', %s)"
# Each claim reads `held`, so the lock is taken before the first row is written, which is when
# the transaction gets its id.
# The claim also extends the stream's hash chain (ledger.py): `chain` holds the hashes of the
# stream's last append, computed from the row as the claim's lock leaves it, so two appends to
# one stream chain in the order they commit, and appends to other streams wait for nothing.
_NEXT = (
    "{s}quartier_chain(coalesce({prev}[cardinality({prev})], '\\x{zero}'::bytea),"
    " %(digests)s::bytea[])"
)
_FIRST = "{s}quartier_chain('\\x{zero}'::bytea, %(digests)s::bytea[])"
# Appends with any expected version to one stream both claim it, and each gets its transaction id
# before it waits for the other's row lock: the one that waited would take the next version under
# the older id, and the log would hold the stream's versions out of order. Taking a lock of the
# stream's own first, which assigns no id, makes the second append get its id after the first
# has ended. Expected versions need none: the one that waited finds the version taken and writes
# nothing.
_ORDERED = (
    "ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock(hashtextextended(%(stream)s, {oid}))), "
)
_CLAIMS = {
    "new": "claim AS (INSERT INTO {s}streams (name, version, chain)"
    " SELECT %(stream)s, %(count)s - 1, " + _FIRST + " FROM held"
    " ON CONFLICT (name) DO NOTHING RETURNING version, chain) ",
    "any": _ORDERED + "claim AS (INSERT INTO {s}streams AS st (name, version, chain)"
    " SELECT %(stream)s, %(count)s - 1, " + _FIRST + " FROM held, ordered"
    " ON CONFLICT (name) DO UPDATE SET version = st.version + %(count)s,"
    " chain = " + _NEXT.replace("{prev}", "st.chain") + " RETURNING version, chain) ",
    "at": "claim AS (UPDATE {s}streams SET version = version + %(count)s,"
    " chain = " + _NEXT.replace("{prev}", "chain") + " FROM held"
    " WHERE name = %(stream)s AND version = %(expected)s RETURNING version, chain) ",
}
CHAIN_FUNCTION = """CREATE OR REPLACE FUNCTION {s}quartier_chain(previous bytea, digests bytea[])
RETURNS bytea[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  links bytea[] := '{{}}';
  d bytea;
BEGIN
  FOREACH d IN ARRAY digests LOOP
    previous := sha256(previous || d);
    links := links || previous;
  END LOOP;
  RETURN links;
END $$"""
_COLUMNS = (
    "event_id, stream, category, version, type, schema_version, data, metadata, recorded_at, hash"
)
_INSERT_ONE = (
    "INSERT INTO {s}events (" + _COLUMNS + ") SELECT %(id)s, %(stream)s, %(category)s,"
    " claim.version, %(type)s, %(sv)s, %(data)s, %(meta)s, %(now)s, claim.chain[1] FROM claim"
    " RETURNING xid, id, version"
)
_INSERT_MANY = (
    "INSERT INTO {s}events (" + _COLUMNS + ") SELECT e.event_id, %(stream)s, %(category)s,"
    " claim.version - %(count)s + e.n, e.type, e.schema_version, e.data, e.metadata, %(now)s,"
    " claim.chain[e.n] FROM claim, unnest(%(ids)s::uuid[], %(types)s::text[], %(svs)s::int[],"
    " %(datas)s::text[], %(metas)s::text[])"
    " WITH ORDINALITY AS e(event_id, type, schema_version, data, metadata, n)"
    " ORDER BY e.n RETURNING xid, id, version"
)

# Appends to new streams, any number of them, as one statement: their hashes come computed (a new
# stream chains from zero), a stream that exists is not claimed and its events are not inserted.
_NEW_STREAMS = (
    "claim AS (INSERT INTO {s}streams (name, version, chain)"
    " SELECT c.name, c.version, ARRAY[c.last] FROM held,"
    " unnest(%(names)b::text[], %(lasts)b::int[], %(heads)b::bytea[]) AS c(name, version, last)"
    " ON CONFLICT (name) DO NOTHING RETURNING name) "
    "INSERT INTO {s}events (" + _COLUMNS + ") SELECT e.event_id, e.stream, e.category,"
    " e.version, e.type, e.schema_version, e.data, e.metadata, e.recorded_at, e.hash"
    " FROM unnest(%(ids)b::uuid[], %(streams)b::text[], %(categories)b::text[],"
    " %(versions)b::int[], %(types)b::text[], %(svs)b::int[], %(datas)b::text[],"
    " %(metas)b::text[], %(ats)b::timestamptz[], %(hashes)b::bytea[]) WITH ORDINALITY"
    " AS e(event_id, stream, category, version, type, schema_version, data, metadata,"
    " recorded_at, hash, n) JOIN claim ON claim.name = e.stream"
    " ORDER BY e.n RETURNING xid, id, stream, version"
)

# The same for one event alone: scalars cost the client less to send than arrays.
_NEW_STREAM_ONE = (
    "claim AS (INSERT INTO {s}streams (name, version, chain)"
    " SELECT %(stream)s, 0, ARRAY[%(hash)s::bytea] FROM held"
    " ON CONFLICT (name) DO NOTHING RETURNING name) "
    "INSERT INTO {s}events (" + _COLUMNS + ") SELECT %(id)s, %(stream)s, %(category)s, 0,"
    " %(type)s, %(sv)s, %(data)s, %(meta)s, %(now)s, %(hash)s FROM claim"
    " RETURNING xid, id, stream, version"
)


@dataclass(frozen=True)
class Statements:
    """The append statements of one store: one event and several, for each kind of stream
    claim, and appends to new streams together."""

    one: dict[str, str]
    many: dict[str, str]
    new_streams: str
    new_stream_one: str
    notify: str


def append_statements(schema: str | None, table_oid: int) -> Statements:
    prefix = f'"{schema}".' if schema else ""
    lock = _LOCK.format(cls=LOCK_CLASS, key=lock_key(table_oid))
    parts = {"s": prefix, "zero": "00" * 32, "oid": table_oid}
    return Statements(
        {k: (lock + c + _INSERT_ONE).format(**parts) for k, c in _CLAIMS.items()},
        {k: (lock + c + _INSERT_MANY).format(**parts) for k, c in _CLAIMS.items()},
        (lock + _NEW_STREAMS).format(**parts),
        (lock + _NEW_STREAM_ONE).format(**parts),
        _NOTIFY.format(channel=channel(table_oid)),
    )


def woken(group: Sequence[Pending]) -> str:
    """The notification's payload: the contexts of the group's event types (`context_of`, as the
    relay routes them), sorted and comma-separated."""
    return ",".join(sorted({context_of(e.type) for p in group for e in p.encoded}))


def append_call(statements: Statements, p: Pending) -> tuple[str, dict[str, Any]]:
    """The stream's version claim and the insert of its events as one statement with its
    parameters: the claim's row lock orders writers of one stream; no claim (wrong expectation)
    inserts nothing."""
    claim = "new" if p.expected is NO_STREAM else "any" if p.expected is ANY else "at"
    params: dict[str, Any] = {
        "stream": p.stream,
        "category": category_of(p.stream),
        "count": len(p.encoded),
        "expected": p.expected if isinstance(p.expected, int) else None,
        "now": p.moment,
        "digests": p.digests,
    }
    if len(p.encoded) == 1:
        e = p.encoded[0]
        params.update(id=e.event_id, type=e.type, sv=e.schema_version, data=e.data, meta=e.metadata)
        return statements.one[claim], params
    params.update(
        ids=[e.event_id for e in p.encoded],
        types=[e.type for e in p.encoded],
        svs=[e.schema_version for e in p.encoded],
        datas=[e.data for e in p.encoded],
        metas=[e.metadata for e in p.encoded],
    )
    return statements.many[claim], params


def new_streams_call(
    statements: Statements, group: Sequence[Pending]
) -> tuple[str, dict[str, Any], list[bool]]:
    """Appends to new streams as one statement with its parameters, and which of them it holds:
    a stream named twice is claimed by its first append only (the others find it taken)."""
    if len(group) == 1 and len(group[0].encoded) == 1:
        p, e = group[0], group[0].encoded[0]
        one = {
            "stream": p.stream,
            "category": category_of(p.stream),
            "now": p.moment,
            "hash": chain(bytes(32), p.digests)[0],
            "id": e.event_id,
            "type": e.type,
            "sv": e.schema_version,
            "data": e.data,
            "meta": e.metadata,
        }
        return statements.new_stream_one, one, [True]
    members_streams: set[str] = set()
    names: list[str] = []
    lasts: list[int] = []
    heads: list[bytes] = []
    columns: tuple[list[Any], ...] = tuple([] for _ in range(10))
    ids, streams, categories, versions, types, svs, datas, metas, ats, hashes = columns
    members: list[bool] = []
    for p in group:
        members.append(p.stream not in members_streams)
        if not members[-1]:
            continue
        members_streams.add(p.stream)
        links = chain(bytes(32), p.digests)
        names.append(p.stream)
        lasts.append(len(p.encoded) - 1)
        heads.append(links[-1])
        category = category_of(p.stream)
        for version, (e, hashed) in enumerate(zip(p.encoded, links, strict=True)):
            ids.append(e.event_id)
            streams.append(p.stream)
            categories.append(category)
            versions.append(version)
            types.append(e.type)
            svs.append(e.schema_version)
            datas.append(e.data)
            metas.append(e.metadata)
            ats.append(p.moment)
            hashes.append(hashed)
    params = {
        "names": names,
        "lasts": lasts,
        "heads": heads,
        "ids": ids,
        "streams": streams,
        "categories": categories,
        "versions": versions,
        "types": types,
        "svs": svs,
        "datas": datas,
        "metas": metas,
        "ats": ats,
        "hashes": hashes,
    }
    return statements.new_streams, params, members
