"""The analysts' export benchmark's log (bench/analytics_export.py): a pool of real contract events
with their personal fields sealed, and the SQLite adapter's table grown from it directly."""

from __future__ import annotations

import json
import random
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

KEY = b"b" * 32
POOL = 2000  # distinct sealed payloads; sealing each of millions would dominate the fill
BATCH = 50_000


def sealed_pool(folder: Path, rng: random.Random) -> list[tuple[str, str, str]]:
    """(type, data, metadata) of real events, personal fields sealed under their subjects' keys."""
    from contracts import Metadata, default_registry
    from contracts.identity.accounts import ResidentRegistered
    from contracts.listings.listings import ListingClosed, ListingPublished
    from contracts.listings.responses import ResponseSent
    from contracts.neighbourhoods.members import MemberJoined
    from services.eventstore.codec import Codec
    from services.eventstore.keyring import connect_keyring

    keyring = connect_keyring(f"sqlite:///{folder}/keyring.db")
    codec = Codec(default_registry(), keyring, KEY)
    at = datetime(2026, 11, 2, tzinfo=UTC)
    pool = []
    for n in range(POOL):
        who, hood, lid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        event: Any = [
            ListingPublished(
                lid,
                who,
                [hood],
                "offer",
                "loan",
                f"Perceuse {n}",
                "Une perceuse " * 8,
                {"item": "perceuse"},
                [],
                at + timedelta(days=30),
                at,
            ),
            ResponseSent(lid, uuid.uuid4(), who, f"Je suis intéressé {n}", at),
            ResidentRegistered(who, f"r{n}@example.org", f"Résident {n}", at, "fr"),
            MemberJoined(hood, who, uuid.uuid4(), at),
            ListingClosed(lid, "done", at),
        ][n % 5]
        meta = Metadata(str(uuid.uuid4()), None, f"resident:{who}")
        new = codec.encode(event, meta)
        pool.append((new.type, json.dumps(new.data), json.dumps(new.metadata)))
    keyring.close()
    return pool


def grow(folder: Path, pool: list[tuple[str, str, str]], have: int, want: int) -> None:
    """Add events to the log until it holds `want`."""
    conn = sqlite3.connect(folder / "events.db", isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    insert = (
        "INSERT INTO events (event_id, stream, category, version, type, schema_version, data,"
        " metadata, recorded_at) VALUES (?, ?, 'bench.thing', 0, ?, 1, ?, ?, ?)"
    )
    now = datetime.now(UTC).isoformat()
    while have < want:
        size = min(BATCH, want - have)
        rows = []
        for i in range(size):
            kind, data, meta = pool[(have + i) % len(pool)]
            rows.append((str(uuid.uuid4()), f"bench.thing-{uuid.uuid4()}", kind, data, meta, now))
        conn.execute("BEGIN")
        conn.executemany(insert, rows)
        conn.execute("COMMIT")
        have += size
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
