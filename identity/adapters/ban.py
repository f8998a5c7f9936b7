"""The geocoder on a database: the `ban_addresses` table of the identity read model, how a BAN
file is loaded into it, and BanGeocoder that answers from it (see geocoder.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from identity.adapters.addresses import city_matches, suffix_candidates
from identity.adapters.geocoder import (
    DEMO_CSV,
    BanAddress,
    GeocoderUnavailable,
    Location,
    read_ban_csv,
    wanted_door,
)
from services.runtime.connections import lost_as

BATCH_ROWS = 2000


METADATA = sa.MetaData()
ban_addresses = sa.Table(
    "ban_addresses",
    METADATA,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("insee", sa.String(10), nullable=False),
    sa.Column("postcode", sa.String(5), nullable=False),
    sa.Column("street", sa.String(300), nullable=False),
    sa.Column("alt_street", sa.String(300), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("suffix", sa.String(20), nullable=False),
    sa.Column("cities", sa.Text, nullable=False),  # normalised names joined by "|"
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("load_id", sa.String(32), nullable=False),
    sa.Index("ban_addresses_door", "postcode", "street", "number"),
    sa.Index("ban_addresses_afnor_door", "postcode", "alt_street", "number"),
    sa.Index("ban_addresses_load", "insee", "load_id"),
)


def create_tables(engine: Engine) -> None:
    # Imported here: the subscriptions package brings the whole event-store stack with it.
    from services.subscriptions.database import create_all

    with _translated():
        create_all(engine, METADATA)


@dataclass(frozen=True)
class LoadReport:
    loaded: int
    removed: int


def load_ban_csv(engine: Engine, path: str | Path, batch_rows: int = BATCH_ROWS) -> LoadReport:
    """Load (or reload) a BAN file, streaming it in batches. Loading the same file twice leaves
    the same table; addresses of the file's communes that the file no longer lists are removed."""
    create_tables(engine)
    load_id = uuid.uuid4().hex
    communes: set[str] = set()
    loaded = 0
    batch: list[dict[str, Any]] = []
    for address in read_ban_csv(path):
        communes.add(address.insee)
        batch.append(_row(address, load_id))
        if len(batch) >= batch_rows:
            loaded += _upsert(engine, batch)
            batch = []
    if batch:
        loaded += _upsert(engine, batch)
    removed = 0
    t = ban_addresses
    with _translated(), engine.begin() as conn:
        for chunk in _chunks(sorted(communes), 500):
            stale = sa.delete(t).where(t.c.insee.in_(chunk), t.c.load_id != load_id)
            removed += conn.execute(stale).rowcount or 0
    return LoadReport(loaded=loaded, removed=removed)


def load_if_empty(engine: Engine, path: str | Path = DEMO_CSV) -> LoadReport | None:
    """At start: load `path` (the demo extract by default) unless addresses are already there,
    so that an embedded run can verify addresses out of the box."""
    create_tables(engine)
    with _translated(), engine.connect() as conn:
        if conn.execute(sa.select(ban_addresses.c.id).limit(1)).first() is not None:
            return None
    return load_ban_csv(engine, path)


def _row(a: BanAddress, load_id: str) -> dict[str, Any]:
    return {**asdict(a), "cities": "|".join(a.cities), "load_id": load_id}


def _upsert(engine: Engine, rows: list[dict[str, Any]]) -> int:
    with _translated(), engine.begin() as conn:
        insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        stmt = insert(ban_addresses)
        updated = {c: stmt.excluded[c] for c in rows[0] if c != "id"}
        conn.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=updated), rows)
    return len(rows)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class BanGeocoder:
    """Answers from the `ban_addresses` table of a read-model database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        create_tables(engine)

    def locate(self, line: str, postcode: str, city: str, country: str) -> Location | None:
        wanted = wanted_door(line, postcode, country)
        if wanted is None:
            return None
        code, parsed = wanted
        suffixes = suffix_candidates(parsed.suffix)
        t = ban_addresses
        query = (
            sa.select(t.c.id, t.c.suffix, t.c.cities, t.c.lat, t.c.lon, t.c.label)
            .where(
                t.c.postcode == code,
                t.c.number == parsed.number,
                sa.or_(t.c.street == parsed.street, t.c.alt_street == parsed.street),
                t.c.suffix.in_(suffixes),
            )
            .order_by(t.c.id)
        )
        with _translated(), self._engine.connect() as conn:
            rows = list(conn.execute(query))
        for suffix in suffixes:
            for row in rows:
                if row.suffix == suffix and city_matches(city, row.cities.split("|")):
                    return Location(row.lat, row.lon, row.label, row.id)
        return None


# A lost database connection becomes the port's own error.
_translated = partial(lost_as, GeocoderUnavailable, "the address base's database")
