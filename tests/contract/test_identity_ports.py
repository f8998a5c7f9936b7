"""One contract per identity port, run on the fake and on every real adapter: the geocoder
(memory, SQLite, PostgreSQL), the letter box (memory, files), the proof store (memory, files
with an SQLite keyring) and the sign-in limiter's store (memory, SQLite, PostgreSQL)."""

from __future__ import annotations

import gzip
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from identity.documents import (
    MAX_BYTES,
    RETENTION,
    DocumentErased,
    DocumentInfo,
    DocumentNotFound,
    DocumentTooLarge,
    DocumentUnreadable,
    FileProofStore,
    MemoryProofStore,
    ProofStore,
    ProofStoreUnavailable,
    UnsupportedDocumentType,
)
from identity.geocoder import (
    BAN_COLUMNS,
    DEMO_CSV,
    BanFileError,
    BanGeocoder,
    Geocoder,
    GeocoderUnavailable,
    Location,
    MemoryGeocoder,
    ban_addresses,
    load_ban_csv,
    load_if_empty,
)
from identity.letters import FileLetterBox, LetterBoxUnavailable, MemoryLetterBox, Recipient
from identity.ratelimit import (
    LimiterUnavailable,
    LimitRule,
    MemoryAttemptStore,
    SignInLimiter,
    SqlAttemptStore,
    Verdict,
)
from services.eventstore.keyring import Keyring, connect_keyring
from services.subscriptions.database import connect_database

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


@pytest.fixture
def engine_sqlite(tmp_path: Path) -> Iterator[Engine]:
    db = connect_database(f"sqlite:///{tmp_path}/read-identity.db")
    yield db
    db.dispose()


@pytest.fixture
def engine_postgres(postgres_url: str) -> Iterator[Engine]:
    db = connect_database(postgres_url)
    yield db
    db.dispose()


def test_a_known_address_has_its_coordinates(geocoder: Geocoder) -> None:
    found = geocoder.locate("12 Rue de la Paix", "71999", "Bourg-Démo", "FR")
    assert found == Location(46.662, 4.865, "12 Rue de la Paix, 71999 Bourg-Démo")
    assert found.point == (46.662, 4.865)


@pytest.mark.parametrize(
    "line",
    ["12 rue de la paix", "12, R. DE LA PAIX", "12 r de la Paix"],
)
def test_case_punctuation_and_abbreviations_name_the_same_door(
    geocoder: Geocoder, line: str
) -> None:
    found = geocoder.locate(line, "71 999", "BOURG DEMO", "France")
    assert found is not None and found.lat == 46.662


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


# --- letter box ------------------------------------------------------------------------------

HOME = Recipient("12 rue de la Paix", "71999", "Bourg-Démo", "FR")


@pytest.fixture(params=["memory", "files"])
def letters(request: pytest.FixtureRequest, tmp_path: Path) -> FileLetterBox | MemoryLetterBox:
    if request.param == "memory":
        return MemoryLetterBox()
    return FileLetterBox.in_data_dir(tmp_path / "var")


def test_a_letter_carries_its_code_on_a_line(letters: FileLetterBox | MemoryLetterBox) -> None:
    letter_id = str(uuid.uuid4())
    letters.post(letter_id, str(uuid.uuid4()), HOME, "K7PQ2MXR9A")
    assert letters.posted_ids() == [letter_id]
    text = letters.text_of(letter_id)
    assert "\nCode: K7PQ2MXR9A\n" in text
    assert "12 rue de la Paix" in text and "71999 Bourg-Démo" in text


def test_posting_the_same_letter_twice_posts_it_once(
    letters: FileLetterBox | MemoryLetterBox,
) -> None:
    letter_id, resident_id = str(uuid.uuid4()), str(uuid.uuid4())
    letters.post(letter_id, resident_id, HOME, "K7PQ2MXR9A")
    letters.post(letter_id, resident_id, HOME, "K7PQ2MXR9A")
    letters.post(str(uuid.uuid4()), resident_id, HOME, "ZZZZ2222ZZ")
    assert len(letters.posted_ids()) == 2
    assert "Code: K7PQ2MXR9A" in letters.text_of(letter_id)


def test_letter_files_live_in_the_data_dir_outbox_with_no_leftovers(tmp_path: Path) -> None:
    box = FileLetterBox.in_data_dir(tmp_path)
    box.post("letter-1", "resident-1", HOME, "K7PQ2MXR9A")
    box.post("letter-1", "resident-1", HOME, "K7PQ2MXR9A")
    folder = tmp_path / "outbox" / "letters"
    assert sorted(p.name for p in folder.iterdir()) == ["letter-1.txt"]
    assert "Code: K7PQ2MXR9A" in (folder / "letter-1.txt").read_text(encoding="utf-8")


# --- proof store -----------------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nBail de location, 12 rue de la Paix\n%%EOF"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"facture EDF, 12 rue de la Paix" * 10
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def keyring(tmp_path: Path) -> Iterator[Keyring]:
    ring = connect_keyring(f"sqlite:///{tmp_path}/keyring.db")
    yield ring
    ring.close()


@pytest.fixture(params=["memory", "files"])
def proofs(request: pytest.FixtureRequest, tmp_path: Path, keyring: Keyring) -> ProofStore:
    if request.param == "memory":
        return MemoryProofStore(keyring)
    return FileProofStore.in_data_dir(tmp_path / "var", keyring)


def ids() -> tuple[str, str]:
    return str(uuid.uuid4()), str(uuid.uuid4())


def test_a_document_reads_back_as_it_was_uploaded(proofs: ProofStore) -> None:
    resident, document = ids()
    assert proofs.put(resident, document, PDF) == DocumentInfo("application/pdf", len(PDF))
    assert proofs.get(resident, document) == PDF


def test_a_document_is_typed_by_its_content_not_its_name(proofs: ProofStore) -> None:
    # Uploaded as "facture.pdf", but its bytes are a JPEG's.
    resident, document = ids()
    assert proofs.put(resident, document, JPEG).content_type == "image/jpeg"
    assert proofs.put(resident, str(uuid.uuid4()), PNG).content_type == "image/png"


def test_five_mib_and_one_byte_is_refused(proofs: ProofStore) -> None:
    resident, document = ids()
    with pytest.raises(DocumentTooLarge):
        proofs.put(resident, document, PDF.ljust(MAX_BYTES + 1, b" "))
    assert proofs.put(resident, document, PDF.ljust(MAX_BYTES, b" ")).size == MAX_BYTES


def test_other_kinds_of_file_are_refused(proofs: ProofStore) -> None:
    resident, document = ids()
    with pytest.raises(UnsupportedDocumentType):
        proofs.put(resident, document, b"GIF89a" + b"\x00" * 20)
    with pytest.raises(DocumentNotFound):
        proofs.get(resident, document)


def test_a_document_of_another_resident_is_not_found(proofs: ProofStore) -> None:
    resident, document = ids()
    proofs.put(resident, document, PDF)
    with pytest.raises(DocumentNotFound):
        proofs.get(str(uuid.uuid4()), document)


def test_deleting_is_idempotent(proofs: ProofStore) -> None:
    resident, document = ids()
    proofs.put(resident, document, PDF)
    proofs.delete(resident, document)
    proofs.delete(resident, document)
    with pytest.raises(DocumentNotFound):
        proofs.get(resident, document)


def test_an_erased_residents_documents_cannot_be_read(proofs: ProofStore, keyring: Keyring) -> None:
    resident, document = ids()
    proofs.put(resident, document, PDF)
    keyring.erase(resident)
    with pytest.raises(DocumentErased, match="erased"):
        proofs.get(resident, document)
    with pytest.raises(DocumentErased):
        proofs.put(resident, str(uuid.uuid4()), PDF)


def test_documents_are_deleted_thirty_days_after_the_decision(proofs: ProofStore) -> None:
    resident, decided, pending = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    proofs.put(resident, decided, PDF)
    proofs.put(resident, pending, PNG)
    proofs.mark_decided(resident, decided, T0)
    assert proofs.delete_due(T0 + RETENTION - timedelta(seconds=1)) == []
    assert proofs.delete_due(T0 + RETENTION) == [(resident, decided)]
    with pytest.raises(DocumentNotFound):
        proofs.get(resident, decided)
    assert proofs.get(resident, pending) == PNG
    assert proofs.delete_due(T0 + 10 * RETENTION) == []


def test_erasing_a_resident_deletes_all_their_documents(proofs: ProofStore) -> None:
    resident, other = str(uuid.uuid4()), str(uuid.uuid4())
    proofs.put(resident, "a", PDF)
    proofs.put(resident, "b", PNG)
    proofs.put(other, "c", PDF)
    proofs.delete_resident(resident)
    proofs.delete_resident(resident)
    for document in ("a", "b"):
        with pytest.raises(DocumentNotFound):
            proofs.get(resident, document)
    assert proofs.get(other, "c") == PDF


def test_marking_an_unknown_document_decided_is_refused(proofs: ProofStore) -> None:
    with pytest.raises(DocumentNotFound):
        proofs.mark_decided(*ids(), T0)


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_on_disk_a_document_is_ciphertext_under_uploads_proofs(
    tmp_path: Path, keyring: Keyring
) -> None:
    store = FileProofStore.in_data_dir(tmp_path, keyring)
    resident, document = ids()
    store.put(resident, document, PDF)
    stored = _all_bytes(tmp_path / "uploads" / "proofs")
    assert stored and b"rue de la Paix" not in stored and b"%PDF" not in stored
    keyring.erase(resident)
    with pytest.raises(DocumentErased):
        store.get(resident, document)
    assert b"rue de la Paix" not in _all_bytes(tmp_path / "uploads" / "proofs")


def test_a_document_moved_to_another_resident_is_unreadable(
    tmp_path: Path, keyring: Keyring
) -> None:
    store = FileProofStore(tmp_path / "proofs", keyring)
    mallory, victim = str(uuid.uuid4()), str(uuid.uuid4())
    store.put(mallory, "doc", PDF)
    store.put(victim, "doc", PNG)
    own = tmp_path / "proofs" / mallory / "doc.bin"
    (tmp_path / "proofs" / victim / "doc.bin").write_bytes(own.read_bytes())
    with pytest.raises(DocumentUnreadable):
        store.get(victim, "doc")


# --- sign-in limiter -------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def attempts(request: pytest.FixtureRequest) -> MemoryAttemptStore | SqlAttemptStore:
    if request.param == "memory":
        return MemoryAttemptStore()
    return SqlAttemptStore(request.getfixturevalue("engine_" + request.param))


def test_lockout_then_release_after_the_window(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock()
    limits = SignInLimiter(attempts, clock)
    account = f"{uuid.uuid4()}@example.org"
    for _ in range(4):
        assert limits.record_failure(account, "203.0.113.5").allowed
    assert limits.record_failure(account, "203.0.113.5") == Verdict(False, 900)
    clock.now += 899.5
    assert limits.check(account, "198.51.100.7") == Verdict(False, 1)
    clock.now += 0.5
    assert limits.check(account, "198.51.100.7").allowed
    # The lock used its failures up: a fresh window of five.
    for _ in range(4):
        assert limits.record_failure(account, "198.51.100.7").allowed
    assert not limits.record_failure(account, "198.51.100.7").allowed


def test_a_source_guessing_at_many_accounts_is_locked(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock()
    limits = SignInLimiter(
        attempts,
        clock,
        source_rule=LimitRule(max_failures=6, window_seconds=60, lockout_seconds=120),
    )
    source = f"10.0.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    verdicts = [limits.record_failure(f"{uuid.uuid4()}@example.org", source) for _ in range(6)]
    assert [v.allowed for v in verdicts] == [True] * 5 + [False]
    assert limits.check(f"{uuid.uuid4()}@example.org", source) == Verdict(False, 120)
    assert limits.check(f"{uuid.uuid4()}@example.org", "192.0.2.1").allowed
    clock.now += 120
    assert limits.check(f"{uuid.uuid4()}@example.org", source).allowed


def test_failures_leave_the_sliding_window(attempts: MemoryAttemptStore | SqlAttemptStore) -> None:
    clock = Clock()
    limits = SignInLimiter(attempts, clock)
    account = f"{uuid.uuid4()}@example.org"
    for _ in range(4):
        limits.record_failure(account, "203.0.113.9")
    clock.now += 15 * 60
    assert limits.record_failure(account, "203.0.113.9").allowed


def test_a_success_clears_the_accounts_failures(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock()
    limits = SignInLimiter(attempts, clock)
    account = f"{uuid.uuid4()}@example.org"
    for _ in range(4):
        limits.record_failure(account, "203.0.113.9")
    limits.record_success(account, "203.0.113.9")
    for _ in range(4):
        assert limits.record_failure(account, "203.0.113.9").allowed


def test_pruning_keeps_live_locks(attempts: MemoryAttemptStore | SqlAttemptStore) -> None:
    clock = Clock()
    limits = SignInLimiter(attempts, clock)
    old, locked = f"{uuid.uuid4()}@example.org", f"{uuid.uuid4()}@example.org"
    limits.record_failure(old, "203.0.113.9")
    clock.now += 1000
    for _ in range(5):
        limits.record_failure(locked, "203.0.113.10")
    limits.prune()
    assert not limits.check(locked, "192.0.2.1").allowed
    for _ in range(4):
        assert limits.record_failure(old, "192.0.2.2").allowed


# --- client errors are translated at each adapter's edge ----------------------------------------


def test_an_unreachable_database_is_named_not_dumped() -> None:
    dead = sa.create_engine("postgresql+psycopg://quartier@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(GeocoderUnavailable, match="unreachable"):
        BanGeocoder(dead)
    with pytest.raises(LimiterUnavailable, match="unreachable"):
        SqlAttemptStore(dead)
    dead.dispose()


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path, keyring: Keyring) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(LetterBoxUnavailable, match="cannot write letters"):
        FileLetterBox(blocker / "letters").post("letter-1", "resident-1", HOME, "K7PQ2MXR9A")
    with pytest.raises(ProofStoreUnavailable, match="proof documents folder"):
        FileProofStore(blocker / "proofs", keyring).put("resident-1", "doc", PDF)
