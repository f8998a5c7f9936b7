"""The geocoder port: a declared home address in, coordinates out (or None when unknown).

The default adapter answers offline from France's national address base (BAN), loaded from its
public CSV format into the identity read model:

    engine = connect_database(read_model_url(settings, "identity"))
    load_ban_csv(engine, "identity/data/ban-demo.csv")    # or a department's adresses-NN.csv.gz
    BanGeocoder(engine).locate("12 rue de la Paix", "71999", "Bourg-Démo", "FR")

Addresses are compared in a normalised form (adapters/addresses.py: case, accents, punctuation,
common
abbreviations such as "r." or "av."), so "12 Rue de la Paix" and "12, r. de la paix" name the same
door, and come back with the same `ban_id`.
"""

from __future__ import annotations

import csv
import gzip
import io
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from identity.adapters.addresses import (
    ParsedLine,
    city_matches,
    normalise,
    normalise_suffix,
    parse_line,
    postcode_key,
    street_key,
    suffix_candidates,
)

DEMO_CSV = Path(__file__).parent.parent / "data" / "ban-demo.csv"
# fmt: off
BAN_COLUMNS = (
    "id", "id_fantoir", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune",
    "code_insee_ancienne_commune", "nom_ancienne_commune", "x", "y", "lon", "lat", "type_position",
    "alias", "nom_ld", "libelle_acheminement", "nom_afnor", "source_position", "source_nom_voie",
    "certification_commune", "cad_parcelles",
)
_REQUIRED = (
    "id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune", "lon", "lat",
)
# fmt: on
BATCH_ROWS = 2000
FRANCE = frozenset({"fr", "fra", "france", "republique francaise"})


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    label: str  # the address as the base spells it
    # The door's id in the base: the same however the address was typed, so that whatever is
    # limited per address (letters) is counted per door, not per spelling.
    ban_id: str

    @property
    def point(self) -> tuple[float, float]:
        return (self.lat, self.lon)


class GeocoderError(Exception):
    """Base of the geocoder's own errors. Messages never quote an address."""


class GeocoderUnavailable(GeocoderError):
    """The read-model database holding the address base could not be reached."""


class BanFileError(GeocoderError, ValueError):
    """A file is not in the BAN CSV format."""


# --- reading BAN files -----------------------------------------------------------------------


@dataclass(frozen=True)
class BanAddress:
    id: str
    insee: str
    postcode: str
    number: int
    suffix: str
    street: str
    alt_street: str
    cities: tuple[str, ...]
    lat: float
    lon: float
    label: str


def read_ban_csv(path: str | Path) -> Iterator[BanAddress]:
    """Stream the addresses of a BAN CSV file (plain or .gz). Rows that are not a numbered
    address (a lieu-dit without a number, a row without coordinates) are left out."""
    path = Path(path)
    raw: Any = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115
    with raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        reader = csv.DictReader(text, delimiter=";")
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or ())]
        if missing:
            raise BanFileError(
                f"{path.name} is not a BAN CSV file (';'-separated); missing columns: "
                + ", ".join(missing)
            )
        for row in reader:
            address = _address(row)
            if address is not None:
                yield address


def _address(row: dict[str, str]) -> BanAddress | None:
    try:
        number = int(row["numero"])
        lat, lon = float(row["lat"]), float(row["lon"])
    except (TypeError, ValueError):
        return None
    postcode = postcode_key(row["code_postal"] or "")
    street = street_key(row["nom_voie"] or "")
    if postcode is None or not street or not row["id"]:
        return None
    suffix = normalise_suffix(row.get("rep") or "")
    cities = tuple(
        dict.fromkeys(
            normalise(row.get(c) or "")
            for c in ("nom_commune", "nom_ancienne_commune", "libelle_acheminement")
            if row.get(c)
        )
    )
    door = f"{number} {row['rep'].strip()}" if suffix else str(number)
    return BanAddress(
        id=row["id"],
        insee=row["code_insee"] or "",
        postcode=postcode,
        number=number,
        suffix=suffix,
        street=street,
        alt_street=street_key(row.get("nom_afnor") or "") or street,
        cities=cities,
        lat=lat,
        lon=lon,
        label=f"{door} {row['nom_voie'].strip()}, {postcode} {row['nom_commune'].strip()}",
    )


def _wanted(line: str, postcode: str, country: str) -> tuple[str, ParsedLine] | None:
    if normalise(country) not in FRANCE:
        return None
    code, parsed = postcode_key(postcode), parse_line(line)
    if code is None or parsed is None:
        return None
    return code, parsed


# --- adapters --------------------------------------------------------------------------------


class MemoryGeocoder:
    """Addresses in a dict, for tests; matches exactly as BanGeocoder does."""

    def __init__(self, addresses: Iterable[BanAddress] = ()) -> None:
        self._by_key: dict[tuple[str, str, int], list[BanAddress]] = {}
        for address in addresses:
            self.add(address)

    @classmethod
    def from_ban_csv(cls, path: str | Path) -> MemoryGeocoder:
        return cls(read_ban_csv(path))

    def add(self, address: BanAddress) -> None:
        for street in dict.fromkeys((address.street, address.alt_street)):
            bucket = self._by_key.setdefault((address.postcode, street, address.number), [])
            bucket[:] = [a for a in bucket if a.id != address.id] + [address]

    def locate(self, line: str, postcode: str, city: str, country: str) -> Location | None:
        wanted = _wanted(line, postcode, country)
        if wanted is None:
            return None
        code, parsed = wanted
        bucket = self._by_key.get((code, parsed.street, parsed.number), [])
        for suffix in suffix_candidates(parsed.suffix):
            for a in sorted(bucket, key=lambda a: a.id):
                if a.suffix == suffix and city_matches(city, a.cities):
                    return Location(a.lat, a.lon, a.label, a.id)
        return None


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
        wanted = _wanted(line, postcode, country)
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


@contextmanager
def _translated() -> Iterator[None]:
    """Turns the database driver's connection failures into GeocoderUnavailable."""
    try:
        yield
    except DBAPIError as exc:
        if exc.connection_invalidated or isinstance(exc, sa.exc.OperationalError):
            reason = type(exc.orig).__name__ if exc.orig else type(exc).__name__
            raise GeocoderUnavailable(
                f"the address base's database is unreachable ({reason}); check"
                " QUARTIER_READ_MODELS and that its server is running"
            ) from None
        raise
