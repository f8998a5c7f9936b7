"""`quartier diff A B`: two builds of a read model compared row by row, table by table.

A build is `SERVICE/READ_MODEL` (the live one) or `SERVICE/READ_MODEL@NAME` (one made by
`quartier replay --into NAME`). Exit 0 when they hold the same rows, 3 when they differ. Keys
the database numbers itself are compared by their order, not their values.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table

from services.runtime.config import read_model_url
from services.subscriptions import Subscriber, connect_database
from services.subscriptions.columns import numbered_by_database
from services.subscriptions.database import subscriptions
from services.subscriptions.replay import side, tables_of

from .audit_view import jsonable, print_json
from .opening import Opened, opened, read_model

DIFFERENT = 3
SHOWN = 20  # rows shown per table and kind of difference


@dataclass(frozen=True)
class Named:
    service: str
    read_model: str
    build: str | None

    @classmethod
    def parse(cls, text: str) -> Named:
        service, slash, rest = text.partition("/")
        name, at, build = rest.partition("@")
        if not slash or not service or not name or (at and not build):
            raise ValueError(f"{text!r}: name a build as SERVICE/READ_MODEL[@BUILD]")
        return cls(service, name, build or None)


def register(commands: Any) -> None:
    parser = commands.add_parser("diff", help="two builds of a read model, row by row")
    parser.add_argument("a", help="SERVICE/READ_MODEL[@BUILD]")
    parser.add_argument("b", help="SERVICE/READ_MODEL[@BUILD]")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(run=_diff)


def rows(ops: Opened, named: Named) -> dict[str, set[tuple[Any, ...]]]:
    """Every row of a build, by the name its read model's code gives each table."""
    subscriber: Subscriber = read_model(ops, named.service, named.read_model)
    engine = connect_database(read_model_url(ops.settings, named.service))
    try:
        with engine.connect() as conn:
            if named.build is None:
                generation = conn.execute(
                    sa.select(subscriptions.c.generation).where(
                        subscriptions.c.name == subscriber.name,
                        subscriptions.c.status == "active",
                    )
                ).scalar()
                if generation is None:
                    raise LookupError(f"{subscriber.name} has never run in {named.service}")
                tables = tables_of(subscriber.define(sa.MetaData(), subscriber.suffix(generation)))
            else:
                tables = tables_of(side(subscriber, named.build).define(sa.MetaData(), ""))
            found = {}
            for key, table in tables.items():
                if not sa.inspect(conn).has_table(table.name):
                    raise LookupError(f"no build {named.build} of {subscriber.name}")
                found[key] = comparable_rows(list(conn.execute(sa.select(table))), table)
            return found
    finally:
        engine.dispose()


def comparable_rows(found: list[Any], table: sa.Table) -> set[tuple[Any, ...]]:
    """A table's rows as compared. A number the database handed out (a sequence's) is replaced
    by its rank in the table: PostgreSQL skips numbers after a rolled-back batch or a crash, so
    a live build and a fresh one number the same rows apart, while both number them in log
    order, which the rank still checks."""
    rows = [list(map(_hashable, r)) for r in found]
    for column in numbered_by_database(table):
        at = list(table.columns).index(column)
        rank = {n: i for i, n in enumerate(sorted({r[at] for r in rows if r[at] is not None}))}
        for row in rows:
            row[at] = rank.get(row[at])
    return {tuple(r) for r in rows}


def _hashable(value: Any) -> Any:
    """A JSON column's dict or list, as canonical text: rows are compared as set members."""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def compare(
    a: dict[str, set[tuple[Any, ...]]], b: dict[str, set[tuple[Any, ...]]]
) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Per table, the rows only in A and only in B (a changed row is one of each)."""
    return {
        key: {
            "only_in_a": sorted(a[key] - b[key], key=repr),
            "only_in_b": sorted(b[key] - a[key], key=repr),
        }
        for key in sorted(a)
        if a[key] != b[key]
    }


def _diff(args: argparse.Namespace, console: Console) -> int:
    first, second = Named.parse(args.a), Named.parse(args.b)
    if (first.service, first.read_model) != (second.service, second.read_model):
        raise ValueError("diff compares two builds of one read model")
    with opened() as ops:
        differences = compare(rows(ops, first), rows(ops, second))
    if args.json:
        print_json(jsonable(differences))
    elif not differences:
        console.print(f"{args.a} and {args.b} hold the same rows", highlight=False)
    else:
        for key, found in differences.items():
            table = Table(
                "",
                "row",
                title=f"{key}: {len(found['only_in_a'])} row(s) only in "
                f"{args.a}, {len(found['only_in_b'])} only in {args.b}",
            )
            for side_name, label in (("only_in_a", "a"), ("only_in_b", "b")):
                for row in found[side_name][:SHOWN]:
                    table.add_row(label, repr(jsonable(list(row))))
            console.print(table)
    return DIFFERENT if differences else 0
