"""One row per stream, learnt from that stream's events: the mechanism every copy of another
context's entity shares (a resident as neighbourhoods or listings keep them). The row holds
`stream_version`, the version of the last event applied, and `erased`; each context keeps its
own columns and says what an event changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
