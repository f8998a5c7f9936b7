"""One row per stream, learnt from that stream's events: the mechanism every copy of another
context's entity shares (a resident as neighbourhoods or listings keep them). The row holds
`stream_version`, the version of the last event applied, and `erased`; each context keeps its
own columns and says what an event changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

Changes = Callable[[Any], Mapping[str, Any] | None]


def row(tx: Connection, table: sa.Table, column: str, key: str) -> Any:
    """The row whose `column` is `key`, or None."""
    return tx.execute(sa.select(table).where(table.c[column] == key)).first()


def learn(
    tx: Connection,
    table: sa.Table,
    column: str,
    key: str,
    version: int,
    changes: Changes,
    blank: Mapping[str, Any],
) -> None:
    """Apply the event at `version` of the stream the row keyed `key` copies: passed over when
    delivered again (an older or the same version) or after the entity was forgotten (erased);
    else what `changes(row)` says (None: nothing but the version), on `blank` for a new row."""
    found = row(tx, table, column, key)
    if found is not None and (found.stream_version >= version or found.erased):
        return
    values = {**(changes(found) or {}), "stream_version": version}
    if found is None:
        tx.execute(table.insert().values(**{**blank, **values}))
    else:
        tx.execute(table.update().where(table.c[column] == key).values(**values))


class _Row(dict[str, Any]):
    """A row held in memory between the events of a batch, read as `changes` reads a row."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


# (key, version, changes, blank): one event for `learn_batch`
Learnt = tuple[str, int, Changes, Mapping[str, Any]]
CHUNK = 500  # keys per SELECT: under every backend's limit of bound parameters


def learn_batch(tx: Connection, table: sa.Table, column: str, events: list[Learnt]) -> None:
    """`learn` for several events in log order, with the same rows as a result: the rows they
    touch are read once, the events applied to them in memory, and each row is written once,
    in bulk statements grouped by the columns they set."""
    keys = list(dict.fromkeys(key for key, *_ in events))
    rows: dict[str, _Row | None] = dict.fromkeys(keys)
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        for found in tx.execute(sa.select(table).where(table.c[column].in_(chunk))):
            rows[found._mapping[column]] = _Row(found._mapping)
    unset = {c.name: _default(c) for c in table.columns}
    written: dict[str, set[str]] = {}  # the columns each row's statement sets
    new: set[str] = set()
    for key, version, changes, blank in events:
        current = rows[key]
        # Read as items: a replay asks this of every event, and the attribute path costs a call.
        if current is not None and (current["stream_version"] >= version or current["erased"]):
            continue
        values = {**(changes(current) or {}), "stream_version": version}
        if current is None:
            # What a row read back right after `learn`'s insert would hold.
            rows[key] = _Row({**unset, **blank, **values})
            new.add(key)
            written[key] = {*blank, *values}
        else:
            current.update(values)
            written.setdefault(key, set()).update(values)
    inserts: dict[frozenset[str], list[dict[str, Any]]] = {}
    for key, names in written.items():
        if key not in new:
            continue
        row = rows[key] or _Row()
        inserts.setdefault(frozenset(names), []).append({n: row[n] for n in names})
    for params in inserts.values():
        tx.execute(table.insert(), params)
    update_rows(tx, table, column, rows, {k: n for k, n in written.items() if k not in new})


def update_rows(
    tx: Connection,
    table: sa.Table,
    column: str,
    rows: Mapping[str, Mapping[str, Any] | None],
    changed: Mapping[str, Iterable[str]],
) -> None:
    """Write the `changed` columns of each row of `rows` (keyed by `column`): one executemany
    per set of columns, so that a batch's updates cost a statement per shape, not per row."""
    shapes: dict[frozenset[str], list[dict[str, Any]]] = {}
    for key, names in changed.items():
        row = rows[key]
        assert row is not None, key
        shapes.setdefault(frozenset(names), []).append(
            {"_key": key, **{f"_{n}": row[n] for n in names}}
        )
    for columns, params in shapes.items():
        statement = (
            table.update()
            .where(table.c[column] == sa.bindparam("_key"))
            .values({n: sa.bindparam(f"_{n}") for n in columns})
        )
        tx.execute(statement, params)


def _default(column: sa.Column[Any]) -> Any:
    default = column.default
    return default.arg if isinstance(default, sa.ColumnDefault) and default.is_scalar else None
