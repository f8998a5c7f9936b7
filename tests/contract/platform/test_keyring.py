"""One keyring contract, run on memory, SQLite and PostgreSQL; and crypto-shredding end to end."""

from __future__ import annotations

import base64
import multiprocessing
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from contracts import ERASED, Metadata, SubjectErased, default_registry
from contracts.identity.events import ResidentRegistered
from services.eventstore import NO_STREAM, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import (
    InvalidSubject,
    Keyring,
    UnknownKeyringURL,
    connect_keyring,
)
from services.eventstore.keyring_sql import KEYS_PER_SELECT
from tests.conftest import drop_schema, fresh_postgres_url
from tests.contract.platform.on_disk import fresh_pg_database, pg_pages

PSEUDONYM_KEY = b"p" * 32
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


class Keyrings:
    """Opens keyrings of one adapter; for memory every opening is the same keyring."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url
        self._opened: list[Keyring] = []

    def open(self) -> Keyring:
        if self.name == "memory" and self._opened:
            return self._opened[0]
        keyring = connect_keyring(self.url)
        self._opened.append(keyring)
        return keyring

    def close(self) -> None:
        for keyring in self._opened:
            keyring.close()


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def keyrings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Keyrings]:
    cleanup: Callable[[], None] = lambda: None  # noqa: E731
    if request.param == "memory":
        url = "memory://"
    elif request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/var/keyring.db"
    else:
        url = fresh_postgres_url()
        cleanup = lambda: drop_schema(url)  # noqa: E731
    opened = Keyrings(request.param, url)
    yield opened
    opened.close()
    cleanup()


@pytest.fixture
def keyring(keyrings: Keyrings) -> Keyring:
    return keyrings.open()


def subject() -> str:
    return str(uuid.uuid4())


def test_a_key_is_made_on_first_use_and_then_kept(keyring: Keyring) -> None:
    who = subject()
    assert keyring.get(who) is None
    key = keyring.key_for(who)
    assert isinstance(key, bytes) and len(key) == 32
    assert keyring.key_for(who) == key
    assert keyring.get(who) == key
    assert not keyring.is_erased(who)


def test_each_subject_has_a_key_of_their_own(keyring: Keyring) -> None:
    keys = {keyring.key_for(subject()) for _ in range(20)}
    assert len(keys) == 20


def test_looking_a_key_up_never_makes_one(keyring: Keyring) -> None:
    who = subject()
    keyring.get(who)
    keyring.is_erased(who)
    assert keyring.get(who) is None


def test_erasing_destroys_the_key_and_forbids_a_new_one(keyring: Keyring) -> None:
    who, other = subject(), subject()
    keyring.key_for(who)
    other_key = keyring.key_for(other)
    keyring.erase(who)
    assert keyring.get(who) is None
    assert keyring.is_erased(who)
    with pytest.raises(SubjectErased, match=who):
        keyring.key_for(who)
    assert keyring.get(other) == other_key and not keyring.is_erased(other)


def test_many_keys_read_at_once_are_those_read_one_by_one(keyring: Keyring) -> None:
    kept = [subject() for _ in range(KEYS_PER_SELECT + 1)]
    erased, stranger = subject(), subject()
    keys = {who: keyring.key_for(who) for who in kept}
    keyring.key_for(erased)
    keyring.erase(erased)
    found = keyring.keys([*kept, erased, stranger])
    assert found == {**keys, erased: None}
    assert found == {
        who: keyring.get(who)
        for who in [*kept, erased, stranger]
        if keyring.get(who) is not None or keyring.is_erased(who)
    }
    with pytest.raises(InvalidSubject):
        keyring.keys([kept[0], ""])


def test_erasing_twice_or_erasing_a_stranger_is_fine(keyring: Keyring) -> None:
    who, stranger = subject(), subject()
    keyring.key_for(who)
    keyring.erase(who)
    keyring.erase(who)
    keyring.erase(stranger)
    assert keyring.is_erased(stranger)
    with pytest.raises(SubjectErased):
        keyring.key_for(stranger)


def test_a_subject_is_a_non_empty_string(keyring: Keyring) -> None:
    for bad in ("", "x" * 201, None, 42):
        with pytest.raises(InvalidSubject):
            keyring.key_for(bad)  # type: ignore[arg-type]


def test_keys_and_tombstones_survive_reopening(keyrings: Keyrings) -> None:
    first = keyrings.open()
    kept, erased = subject(), subject()
    key = first.key_for(kept)
    first.key_for(erased)
    first.erase(erased)
    first.close()
    again = keyrings.open()
    assert again.key_for(kept) == key
    assert again.is_erased(erased) and again.get(erased) is None


def test_threads_racing_for_a_new_subject_end_with_one_key(keyrings: Keyrings) -> None:
    who = subject()
    start = threading.Barrier(8)
    keys: list[bytes] = []

    def race() -> None:
        keyring = keyrings.open()
        start.wait(timeout=30)
        keys.append(keyring.key_for(who))

    threads = [threading.Thread(target=race) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(keys) == 8 and len(set(keys)) == 1


def _race_in_process(url: str, who: str, start: Any, out: Any) -> None:
    keyring = connect_keyring(url)
    try:
        start.wait(timeout=60)
        out.put(keyring.key_for(who).hex())
    finally:
        keyring.close()


def test_processes_racing_for_a_new_subject_end_with_one_key(keyrings: Keyrings) -> None:
    if keyrings.name == "memory":
        pytest.skip("a memory keyring lives in one process")
    keyrings.open()  # the table exists before the race, as it would in a running platform
    who = subject()
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Barrier(4), ctx.Queue()
    workers = [
        ctx.Process(target=_race_in_process, args=(keyrings.url, who, start, out)) for _ in range(4)
    ]
    for w in workers:
        w.start()
    keys = {out.get(timeout=120) for _ in workers}
    for w in workers:
        w.join(timeout=60)
    assert len(keys) == 1
    assert keyrings.open().get(who) == bytes.fromhex(keys.pop())


def test_unknown_keyring_urls_are_refused() -> None:
    with pytest.raises(UnknownKeyringURL):
        connect_keyring("redis://localhost")
    with pytest.raises(UnknownKeyringURL):
        connect_keyring("sqlite://")


def _register(codec: Codec, email: str, name: str) -> tuple[str, Any]:
    resident_id = uuid.uuid4()
    event = ResidentRegistered(resident_id, email, name, WHEN)
    return f"identity.resident-{resident_id}", codec.encode(event, Metadata.start("system:tests"))


def _forms(secret: bytes) -> list[bytes]:
    """The ways a secret could sit in a file: raw, hex, base64."""
    return [secret, secret.hex().encode(), base64.b64encode(secret)]


def test_an_erased_residents_email_is_nowhere_in_the_stored_bytes(tmp_path: Path) -> None:
    email = f"ada.{uuid.uuid4().hex[:10]}@example.org"
    name = f"Ada {uuid.uuid4().hex[:10]}"
    store = connect(f"sqlite:///{tmp_path}/events.db")
    keyring = connect_keyring(f"sqlite:///{tmp_path}/keyring.db")
    codec = Codec(default_registry(), keyring, PSEUDONYM_KEY)
    stream, encoded = _register(codec, email, name)
    store.append(stream, [encoded], expected_version=NO_STREAM)
    resident_id = str(encoded.data["resident_id"])
    key = keyring.get(resident_id)
    assert key is not None
    assert codec.decode(store.read_stream(stream)[0]).event.email == email
    assert key in (tmp_path / "keyring.db").read_bytes(), "the scan below can see a key"

    keyring.erase(resident_id)
    store.close()
    keyring.close()

    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {"events.db", "keyring.db"} <= {p.name for p in files}
    for path in files:
        content = path.read_bytes()
        for secret in (email.encode(), email.encode("utf-16-le"), name.encode()):
            assert secret not in content, f"personal data found in {path.name}"
        for form in _forms(key):
            assert form not in content, f"the erased key is still in {path.name}"

    store = connect(f"sqlite:///{tmp_path}/events.db")
    keyring = connect_keyring(f"sqlite:///{tmp_path}/keyring.db")
    decoded = Codec(default_registry(), keyring, PSEUDONYM_KEY).decode(store.read_stream(stream)[0])
    assert decoded.event.email is ERASED and decoded.event.display_name is ERASED
    assert str(decoded.event.resident_id) == resident_id
    store.close()
    keyring.close()


@pytest.mark.postgres
def test_an_erased_residents_email_is_nowhere_in_the_postgres_rows(postgres_url: str) -> None:
    email = f"grace.{uuid.uuid4().hex[:10]}@example.org"
    store = connect(postgres_url)
    keyring = connect_keyring(postgres_url)
    codec = Codec(default_registry(), keyring, PSEUDONYM_KEY)
    stream, encoded = _register(codec, email, "Grace H.")
    store.append(stream, [encoded], expected_version=NO_STREAM)
    resident_id = str(encoded.data["resident_id"])
    key = keyring.get(resident_id)
    assert key is not None
    keyring.erase(resident_id)

    schema = postgres_url.rsplit("schema=", 1)[1]
    engine = sa.create_engine(
        postgres_url.split("?")[0].replace("postgresql:", "postgresql+psycopg:")
    )
    with engine.connect() as conn:
        events = conn.execute(sa.text(f'SELECT data, metadata FROM "{schema}".events')).all()
        keys = conn.execute(sa.text(f'SELECT subject, key FROM "{schema}".subject_keys')).all()
    engine.dispose()
    assert len(events) == 1 and "$pii" in events[0].data
    for row in events:
        assert email not in row.data + row.metadata and "Grace" not in row.data
    assert [(k.subject, k.key) for k in keys] == [(resident_id, None)]

    decoded = codec.decode(store.read_stream(stream)[0])
    assert decoded.erased == {"email", "display_name"}
    store.close()
    keyring.close()


@pytest.mark.postgres
def test_an_erased_key_is_nowhere_in_the_postgres_pages_dead_rows_included() -> None:
    with fresh_pg_database() as base:
        keyring = connect_keyring(f"{base}?schema=keys")
        subjects = [str(uuid.uuid4()) for _ in range(3)]
        keys = [keyring.key_for(s) for s in subjects]
        keyring.erase(subjects[1])
        keyring.close()
        engine = sa.create_engine(base.replace("postgresql:", "postgresql+psycopg:"))
        pages = b"".join(pg_pages(engine, "keys").values())
        engine.dispose()
    assert keys[0] in pages and keys[2] in pages, "the scan sees the keys kept"
    assert not any(form in pages for form in _forms(keys[1])), "the erased key is in a page"
