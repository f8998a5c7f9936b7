"""The tamper-evidence and replay benchmarks' log and report: residents' identity events
(personal data sealed under each resident's key), written straight into an adapter's tables in
the shape `append` writes them, hashes chained, which is much faster than appending a million
events."""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import _args
import _report
import psycopg
from rich.console import Console
from rich.table import Table

from contracts import Metadata, default_registry
from contracts.identity.events import ProfileChanged, ResidentRegistered
from contracts.registry import SchemaVersion
from contracts.validation import dump_valid
from neighbourhoods.projections.residents import residents
from services.eventstore import NewEvent
from services.eventstore.codec import Codec
from services.eventstore.keyring import Keyring, connect_keyring
from services.eventstore.ledger import ZERO, chain, digest
from services.eventstore.model import encode_events
from services.eventstore.sealing import aad, seal
from services.subscriptions import Subscriber

PER_RESIDENT = 4
CHUNK = 20_000


def parser(description: str | None) -> argparse.ArgumentParser:
    """The shared arguments (bench/_args.py), and the prefix of the PostgreSQL schemas that
    bench/ledger.py and bench/replay.py fill."""
    p = _args.parser(description)
    p.add_argument(
        "--schema-prefix", default="bench", help="PostgreSQL schemas' prefix (runs side by side)"
    )
    return p


def codec_and_read_model() -> tuple[Codec, Keyring, Subscriber]:
    keyring = connect_keyring("memory://")
    codec = Codec(default_registry(), keyring, os.urandom(32))
    return codec, keyring, residents(codec)


def _templates() -> list[tuple[SchemaVersion, dict[str, Any]]]:
    """A registration and a profile change as their contracts serialise them, in clear: each
    resident's events are these with the resident's id and name, their personal fields sealed."""
    registry, rid, at = default_registry(), uuid.UUID(int=1), datetime(2026, 1, 1, tzinfo=UTC)
    made = [
        ResidentRegistered(rid, "r@example.org", "Resident", at),
        ProfileChanged(rid, "Resident", "+33 6 00 00 00 00", "street", at),
    ]
    specs = [registry.for_class(type(e)).latest for e in made]
    return [(spec, dump_valid(spec, e)) for spec, e in zip(specs, made, strict=True)]


def _rows(keyring: Keyring, events: int) -> Iterator[tuple[Any, ...]]:
    # Sealing each value here rather than through codec.encode (which validates every event
    # through marshmallow as well) fills a million events several times faster; the replay
    # decodes every one of them through the codec, so a wrong shape would show.
    start = datetime(2026, 1, 1, tzinfo=UTC)
    (registered, first), (changed, later) = _templates()
    for n in range(events // PER_RESIDENT):
        rid = uuid.uuid4()
        subject, key = str(rid), keyring.key_for(str(rid))
        stream = f"identity.resident-{rid}"
        at = start + timedelta(seconds=n)
        made = [(registered, {**first, "email": f"r{n}@example.org", "display_name": f"R {n}"})]
        made += [
            (changed, {**later, "display_name": f"R {n}.{k}"}) for k in range(PER_RESIDENT - 1)
        ]
        meta = Metadata.start(f"resident:{rid}", uuid.uuid4()).to_dict()
        new = []
        for spec, data in made:
            data["resident_id"] = subject
            for field in spec.pii:
                data[field] = seal(key, aad(spec.type, field, subject), data[field])
            new.append(NewEvent(spec.type, data, meta, uuid.uuid4(), spec.version))
        encoded = encode_events(stream, new)
        hashes = chain(
            ZERO,
            [
                digest(e.event_id, stream, e.type, e.schema_version, e.data, e.metadata, at)
                for e in encoded
            ],
        )
        for version, (e, hashed) in enumerate(zip(encoded, hashes, strict=True)):
            yield (
                e.event_id,
                stream,
                "identity.resident",
                version,
                e.type,
                e.schema_version,
                e.data,
                e.metadata,
                at,
                hashed,
            )


def fill(
    url: str,
    keyring: Keyring,
    events: int,
    made: Iterator[tuple[Any, ...]] | None = None,
    analyze: bool = True,
) -> None:
    """`events` residents' events written into the store at `url`; `made`: other rows instead,
    in the same shape (bench/_listings_log.py). `analyze=False` leaves a PostgreSQL table with no
    statistics, as a bulk load or a restore does (bench/filtered_read.py)."""
    rows = _rows(keyring, events) if made is None else made
    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(url.split(":///", 1)[1], isolation_level=None)
        insert = (
            "INSERT INTO events (event_id, stream, category, version, type, schema_version,"
            " data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        while chunk := [next(rows, None) for _ in range(CHUNK)]:
            chunk = [r for r in chunk if r is not None]
            if not chunk:
                break
            conn.execute("BEGIN")
            conn.executemany(insert, [(str(r[0]), *r[1:8], r[8].isoformat(), r[9]) for r in chunk])
            conn.execute("COMMIT")
        conn.close()
        return
    dsn, schema = url.split("?schema=")
    with psycopg.connect(dsn.replace("+psycopg", "")) as conn:
        heads = {}
        # One transaction per chunk, as appends come: a log written by one transaction has one
        # xid, which misleads the planner's estimate of a read's cursor (every row past it).
        while chunk := list(itertools.islice(rows, CHUNK)):
            with (
                conn.cursor() as cur,
                cur.copy(
                    f'COPY "{schema}".events (event_id, stream, category, version, type,'
                    " schema_version, data, metadata, recorded_at, hash) FROM STDIN"
                ) as copy,
            ):
                for row in chunk:
                    copy.write_row(row)
                    heads[row[1]] = row[3]
            conn.commit()
        with (
            conn.cursor() as cur,
            cur.copy(f'COPY "{schema}".streams (name, version) FROM STDIN') as copy,
        ):
            for name, version in heads.items():
                copy.write_row((name, version))
        conn.commit()
        # The statistics autovacuum would have gathered by then. The store's reads no longer
        # depend on them (docs/decisions/0062), but a benchmark of something else should measure
        # the table as it is once running.
        if analyze:
            conn.execute(f'ANALYZE "{schema}".events')


@contextmanager
def targets(
    args: argparse.Namespace, schema_prefix: str | None = None
) -> Iterator[list[tuple[str, str, str]]]:
    """(backend, event store URL, read-model URL) of each backend asked for (--only, or both):
    SQLite files in a temporary folder, PostgreSQL schemas of their own (named after
    `schema_prefix`, else --schema-prefix), all dropped at the end."""
    pg_url = args.pg_url
    with tempfile.TemporaryDirectory() as folder:
        found = []
        if args.only != "pg":
            found.append(("SQLite", f"sqlite:///{folder}/events.db", f"sqlite:///{folder}/read.db"))
        if args.only != "sqlite":
            prefix = schema_prefix or args.schema_prefix
            schema = f"{prefix}_{int(time.time())}_{os.getpid()}"
            found.append(("PostgreSQL", f"{pg_url}?schema={schema}", f"{pg_url}?schema={schema}_r"))
        try:
            yield found
        finally:
            drop_schemas(pg_url, [t[1] for t in found] + [t[2] for t in found])


def drop_schemas(pg_url: str, urls: list[str]) -> None:
    schemas = [u.split("schema=", 1)[1] for u in urls if "schema=" in u]
    if not schemas:
        return
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for schema in schemas:
            for name in (schema, f"{schema}_log"):
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def machine() -> str:
    return f"{os.cpu_count()} CPUs ({_report.cpu()}); Python {platform.python_version()}"


def append_section(title: str, run: str, lines: list[str]) -> None:
    """A section of RESULTS.md: its title and date, the machine, how it was run, then `lines`."""
    date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    head = [f"\n## {title}, {date}\n", f"Machine: {machine()}\n", f"Run: {run}\n"]
    with (Path(__file__).resolve().parent / "RESULTS.md").open("a") as f:
        f.write("\n".join(head + lines) + "\n")


def record(table: Table, results: dict[Any, Any], args: argparse.Namespace, path: Path) -> None:
    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(table)
    date = subprocess.run(["date"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"\n## Tamper evidence, {date}\n",
        f"Machine: {machine()}\n",
        f"Run: `bench/ledger.py --writers {args.writers} "
        f"--seconds {args.seconds} --rounds {args.rounds}`\n",
        "| figure | with tamper evidence | baseline | ratio |",
        "|---|---:|---:|---:|",
    ]
    for row in zip(*(c._cells for c in table.columns), strict=True):
        lines.append("| " + " | ".join(str(c) for c in row) + " |")
    with path.open("a") as f:
        f.write("\n".join(lines) + "\n")
