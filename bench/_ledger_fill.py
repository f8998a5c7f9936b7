"""The tamper-evidence benchmark's log and report: residents' identity events (personal data
sealed through the codec), written straight into an adapter's tables in the shape `append`
writes them, hashes chained, which is much faster than appending a million events."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from rich.console import Console
from rich.table import Table

from contracts import Metadata, default_registry
from contracts.identity.events import ProfileChanged, ResidentRegistered
from neighbourhoods.projections.residents import residents
from services.eventstore import EventStore, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import connect_keyring
from services.eventstore.ledger import ZERO, chain, digest
from services.eventstore.model import encode_events
from services.subscriptions import Subscriber

PER_RESIDENT = 4
CHUNK = 20_000


def codec_and_read_model() -> tuple[Codec, Subscriber]:
    codec = Codec(default_registry(), connect_keyring("memory://"), os.urandom(32))
    return codec, residents(codec)


def _rows(codec: Codec, events: int) -> Iterator[tuple[Any, ...]]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(events // PER_RESIDENT):
        rid = uuid.uuid4()
        stream = f"identity.resident-{rid}"
        at = start + timedelta(seconds=n)
        made = [ResidentRegistered(rid, f"r{n}@example.org", f"Resident {n}", at)] + [
            ProfileChanged(rid, f"Resident {n}.{k}", "+33 6 00 00 00 00", "street", at)
            for k in range(PER_RESIDENT - 1)
        ]
        meta = Metadata.start(f"resident:{rid}", uuid.uuid4())
        encoded = encode_events(stream, [codec.encode(e, meta) for e in made])
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


def fill(store: EventStore, url: str, codec: Codec, events: int) -> None:
    rows = _rows(codec, events)
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
        with (
            conn.cursor() as cur,
            cur.copy(
                f'COPY "{schema}".events (event_id, stream, category, version, type,'
                " schema_version, data, metadata, recorded_at, hash) FROM STDIN"
            ) as copy,
        ):
            heads = {}
            for row in rows:
                copy.write_row(row)
                heads[row[1]] = row[3]
        with (
            conn.cursor() as cur,
            cur.copy(f'COPY "{schema}".streams (name, version) FROM STDIN') as copy,
        ):
            for name, version in heads.items():
                copy.write_row((name, version))


def fresh(targets: list[tuple[str, str, str]], name: str, folder: str) -> str:
    """A new, empty store of the target `name` for the replay's log."""
    url = next(t[1] for t in targets if t[0] == name)
    url = f"sqlite:///{folder}/replay.db" if name == "SQLite" else f"{url}_log"
    connect(url).close()
    return url


def drop_schemas(pg_url: str, urls: list[str]) -> None:
    schemas = [u.split("schema=", 1)[1] for u in urls if "schema=" in u]
    if not schemas:
        return
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for schema in schemas:
            for name in (schema, f"{schema}_log"):
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def record(table: Table, results: dict[Any, Any], args: argparse.Namespace, path: Path) -> None:
    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(table)
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    date = subprocess.run(["date"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"\n## Tamper evidence and replay, {args.events:,} events, {date}\n",
        f"Machine: {os.cpu_count()} CPUs ({cpu}); Python {platform.python_version()}\n",
        f"Run: `bench/ledger.py --events {args.events} --writers {args.writers} "
        f"--seconds {args.seconds} --rounds {args.rounds}`\n",
        "| figure | with tamper evidence | baseline | ratio |",
        "|---|---:|---:|---:|",
    ]
    for row in zip(*(c._cells for c in table.columns), strict=True):
        lines.append("| " + " | ".join(str(c) for c in row) + " |")
    with path.open("a") as f:
        f.write("\n".join(lines) + "\n")
