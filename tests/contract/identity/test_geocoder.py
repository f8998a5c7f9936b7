"""The geocoder contract, run on the fake and on every real adapter: memory, SQLite and
PostgreSQL."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from identity.adapters.ban import BanGeocoder, ban_addresses, load_ban_csv, load_if_empty
from identity.adapters.geocoder import (
    BAN_COLUMNS,
    DEMO_CSV,
    BanFileError,
    Location,
    MemoryGeocoder,
)
from identity.ports import Geocoder
from tests.contract.identity.port_fixtures import engine_postgres, engine_sqlite  # noqa: F401

# --- geocoder --------------------------------------------------------------------------------


def _ban_row(**values: str) -> str:
    defaults = {
        "code_postal": "71999",
        "code_insee": "71999",
        "nom_commune": "Bourg-Démo",
        "libelle_acheminement": "BOURG DEMO",
        "type_position": "entrée",
        "x": "842380.04",
        "y": "6619679.32",
    }
    row = {**defaults, **values}
    return ";".join(row.get(c, "") for c in BAN_COLUMNS)


SAMPLE = [
    _ban_row(id="t_1", numero="12", nom_voie="Rue de la Paix", lon="4.865", lat="46.662"),
    _ban_row(
        id="t_2", numero="12", rep="bis", nom_voie="Rue de la Paix", lon="4.8651", lat="46.6621"
    ),
    _ban_row(id="t_3", numero="3", nom_voie="Rue de l'Église", lon="4.87", lat="46.66"),
    _ban_row(
        id="t_4",
        numero="7",
        nom_voie="Boulevard du Général de Gaulle",
        nom_afnor="BD DU GAL DE GAULLE",
        lon="4.871",
        lat="46.665",
    ),
    _ban_row(
        id="t_5",
        numero="1",
        nom_voie="Chemin du Lavoir",
        code_insee_ancienne_commune="71998",
        nom_ancienne_commune="Les Essarts-Démo",
        lon="4.85",
        lat="46.67",
    ),
    _ban_row(id="t_6", numero="", nom_voie="Lieu-dit les Prés", lon="4.86", lat="46.66"),
]


def write_ban(path: Path, rows: list[str]) -> Path:
    path.write_text(";".join(BAN_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def sample_csv(tmp_path: Path) -> Path:
    return write_ban(tmp_path / "sample.csv", SAMPLE)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Engine:
    db: Engine = request.getfixturevalue("engine_" + request.param)
    return db


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def geocoder(request: pytest.FixtureRequest, sample_csv: Path) -> Iterator[Geocoder]:
    if request.param == "memory":
        yield MemoryGeocoder.from_ban_csv(sample_csv)
        return
    db = request.getfixturevalue("engine_" + request.param)
    load_ban_csv(db, sample_csv, batch_rows=2)
    yield BanGeocoder(db)


def test_a_known_address_has_its_coordinates(geocoder: Geocoder) -> None:
    found = geocoder.locate("12 Rue de la Paix", "71999", "Bourg-Démo", "FR")
    assert found == Location(46.662, 4.865, "12 Rue de la Paix, 71999 Bourg-Démo", "t_1")
    assert found.point == (46.662, 4.865)


@pytest.mark.parametrize(
    "line",
    ["12 rue de la paix", "12, R. DE LA PAIX", "12 r de la Paix"],
)
def test_case_punctuation_and_abbreviations_name_the_same_door(
    geocoder: Geocoder, line: str
) -> None:
    found = geocoder.locate(line, "71 999", "BOURG DEMO", "France")
    assert found is not None and (found.lat, found.ban_id) == (46.662, "t_1")


def test_accents_and_apostrophes_do_not_matter(geocoder: Geocoder) -> None:
    assert geocoder.locate("3 rue de l eglise", "71999", "bourg demo", "fr") is not None


def test_bis_is_another_door_and_b_finds_it(geocoder: Geocoder) -> None:
    bis = geocoder.locate("12 bis rue de la Paix", "71999", "Bourg-Démo", "FR")
    assert bis is not None and bis.lat == 46.6621
    assert geocoder.locate("12B rue de la Paix", "71999", "Bourg-Démo", "FR") == bis
    assert geocoder.locate("12 ter rue de la Paix", "71999", "Bourg-Démo", "FR") is None


def test_the_afnor_spelling_is_understood_too(geocoder: Geocoder) -> None:
    full = geocoder.locate("7 boulevard du Général de Gaulle", "71999", "Bourg-Démo", "FR")
    short = geocoder.locate("7 bd du gal de gaulle", "71999", "Bourg-Démo", "FR")
    assert full is not None and full == short


def test_a_former_commune_name_is_accepted_as_the_city(geocoder: Geocoder) -> None:
    assert geocoder.locate("1 chemin du Lavoir", "71999", "Les Essarts-Démo", "FR") is not None
    assert geocoder.locate("1 chemin du Lavoir", "71999", "Bourg-Démo", "FR") is not None


@pytest.mark.parametrize(
    ("line", "postcode", "city", "country"),
    [
        ("14 rue de la Paix", "71999", "Bourg-Démo", "FR"),  # no such number
        ("12 rue de la Guerre", "71999", "Bourg-Démo", "FR"),  # no such street
        ("12 rue de la Paix", "71000", "Bourg-Démo", "FR"),  # another postcode
        ("12 rue de la Paix", "71999", "Mâcon", "FR"),  # another town
        ("12 rue de la Paix", "71999", "Bourg-Démo", "BE"),  # outside the base's country
        ("rue de la Paix", "71999", "Bourg-Démo", "FR"),  # no number
        ("Lieu-dit les Prés", "71999", "Bourg-Démo", "FR"),  # not a numbered address
        ("12 rue de la Paix", "not a postcode", "Bourg-Démo", "FR"),
    ],
)
def test_an_unknown_address_is_none(
    geocoder: Geocoder, line: str, postcode: str, city: str, country: str
) -> None:
    assert geocoder.locate(line, postcode, city, country) is None


def _count(db: Engine) -> int:
    with db.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(ban_addresses)).scalar_one())


def test_loading_the_same_file_again_changes_nothing(engine: Engine, sample_csv: Path) -> None:
    first = load_ban_csv(engine, sample_csv, batch_rows=2)
    again = load_ban_csv(engine, sample_csv, batch_rows=2)
    assert first.loaded == again.loaded == 5 and again.removed == 0
    assert _count(engine) == 5


def test_a_reload_drops_what_the_new_file_no_longer_lists(engine: Engine, tmp_path: Path) -> None:
    load_ban_csv(engine, write_ban(tmp_path / "old.csv", SAMPLE))
    moved = SAMPLE[0].replace(";4.865;46.662;", ";4.866;46.663;")
    report = load_ban_csv(engine, write_ban(tmp_path / "new.csv", [moved, *SAMPLE[2:]]))
    assert report.removed == 1
    geocoder = BanGeocoder(engine)
    assert geocoder.locate("12 bis rue de la Paix", "71999", "Bourg-Démo", "FR") is None
    found = geocoder.locate("12 rue de la Paix", "71999", "Bourg-Démo", "FR")
    assert found is not None and (found.lat, found.lon) == (46.663, 4.866)


def test_the_demo_extract_loads_gzipped_and_answers(engine: Engine, tmp_path: Path) -> None:
    packed = tmp_path / "adresses-demo.csv.gz"
    packed.write_bytes(gzip.compress(DEMO_CSV.read_bytes()))
    report = load_ban_csv(engine, packed)
    assert report.loaded == len(DEMO_CSV.read_text(encoding="utf-8").splitlines()) - 1
    geocoder = BanGeocoder(engine)
    assert geocoder.locate("12 Rue de la Paix", "71999", "Bourg-Démo", "FR") is not None
    assert geocoder.locate("4 ter rue de la paix", "71999", "bourg demo", "FR") is not None


def test_the_demo_extract_is_loaded_only_into_an_empty_table(
    engine: Engine, sample_csv: Path
) -> None:
    first = load_if_empty(engine)
    assert first is not None and first.loaded > 300
    assert load_if_empty(engine, sample_csv) is None
    assert _count(engine) == first.loaded


def test_a_file_that_is_not_ban_csv_is_refused_clearly(engine: Engine, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("street,number,lat,lon\nx,1,2,3\n")
    with pytest.raises(BanFileError, match="not a BAN CSV file"):
        load_ban_csv(engine, other)
