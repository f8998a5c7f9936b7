"""The geocoder port: a declared home address in, coordinates out (or None when unknown).

The default adapter answers offline from France's national address base (BAN), loaded from its
public CSV format into the identity read model:

    engine = connect_database(read_model_url(settings, "identity"))
    load_ban_csv(engine, "identity/data/ban-demo.csv")    # or a department's adresses-NN.csv.gz
    BanGeocoder(engine).locate("12 rue de la Paix", "71999", "Bourg-Démo", "FR")

(both in ban.py; here: the addresses, the file reader and the in-memory adapter). Addresses are
compared in a normalised form (addresses.py: case, accents, punctuation, common abbreviations
such as "r." or "av."), so "12 Rue de la Paix" and "12, r. de la paix" name the same
door, and come back with the same `ban_id`.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def wanted_door(line: str, postcode: str, country: str) -> tuple[str, ParsedLine] | None:
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
        wanted = wanted_door(line, postcode, country)
        if wanted is None:
            return None
        code, parsed = wanted
        bucket = self._by_key.get((code, parsed.street, parsed.number), [])
        for suffix in suffix_candidates(parsed.suffix):
            for a in sorted(bucket, key=lambda a: a.id):
                if a.suffix == suffix and city_matches(city, a.cities):
                    return Location(a.lat, a.lon, a.label, a.id)
        return None
