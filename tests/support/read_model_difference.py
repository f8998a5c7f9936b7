"""Where a live read model and a build of it differ, without a value of theirs: per table, how
many rows only each holds, the keys (ids) of those rows and the columns that differ between
rows found in both by their key. Run with the deployment's environment, as `quartier diff` is:

    python -m tests.support.read_model_difference SERVICE READ_MODEL BUILD
"""

from __future__ import annotations

import sys
import uuid
from typing import Any

import sqlalchemy as sa

from services.ops.diff import Named, compare, rows
from services.ops.opening import opened, read_model
from services.subscriptions.columns import numbered_by_database
from services.subscriptions.replay import tables_of

SHOWN = 5


def key_columns(table: sa.Table) -> list[int]:
    """The positions of the columns naming a row: its primary key, or a unique column when the
    database numbers the key itself."""
    names = [c.name for c in table.columns]
    numbered = set(numbered_by_database(table))
    key = [c for c in table.primary_key.columns if c not in numbered]
    if not key:
        key = [c for c in table.columns if c.unique][:1] or list(table.primary_key.columns)
    return [names.index(c.name) for c in key]


def shown(key: tuple[Any, ...]) -> str:
    """A row's key as printed: its ids and numbers, any other part (a hash of an e-mail...)
    left out."""

    def part(value: Any) -> str:
        if isinstance(value, int):
            return str(value)
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            return "-"

    return "/".join(map(part, key))


def described(table: sa.Table, only_a: list[Any], only_b: list[Any]) -> str:
    names = [c.name for c in table.columns]
    at = key_columns(table)
    by_key_a = {tuple(r[i] for i in at): r for r in only_a}
    by_key_b = {tuple(r[i] for i in at): r for r in only_b}
    both = sorted(set(by_key_a) & set(by_key_b), key=repr)
    columns = sorted(
        {names[i] for k in both for i in range(len(names)) if by_key_a[k][i] != by_key_b[k][i]}
    )
    lonely_a = [shown(k) for k in sorted(set(by_key_a) - set(by_key_b), key=repr)[:SHOWN]]
    lonely_b = [shown(k) for k in sorted(set(by_key_b) - set(by_key_a), key=repr)[:SHOWN]]
    return (
        f"{table.name}: {len(only_a)} row(s) only live, {len(only_b)} only rebuilt; "
        f"{len(both)} key(s) in both differ in {columns}; "
        f"keys only live {lonely_a}, only rebuilt {lonely_b}"
    )


def main(service: str, name: str, build: str) -> list[str]:
    with opened() as ops:
        live, fresh = rows(ops, Named(service, name, None)), rows(ops, Named(service, name, build))
        tables = tables_of(read_model(ops, service, name).define(sa.MetaData(), ""))
    return [
        described(tables[key], found["only_in_a"], found["only_in_b"])
        for key, found in compare(live, fresh).items()
    ]


if __name__ == "__main__":
    for line in main(*sys.argv[1:4]):
        print(line)
