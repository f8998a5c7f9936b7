"""The handlers over the in-memory event store, a memory keyring and fakes of every port."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from contracts import ERASED, default_registry
from contracts.identity.events import (
    EmailClaimed,
    LetterCodeAttemptFailed,
    LetterPosted,
    VouchGiven,
)
from identity.adapters.geocoder import Location
from identity.domain.email_claim import email_claim_stream
from identity.domain.errors import (
    AddressUnknown,
    EmailTaken,
    InvalidCredentials,
    TooManySignInAttempts,
    WrongCode,
)
from identity.domain.state import PostalAddress, resident_stream
from identity.handlers import IdentityHandlers
from services.eventstore import EventStore, NewEvent, WrongExpectedVersion, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.unit.identity import HOME, T0, metres_north

LILAS = PostalAddress("3 rue des Lilas", "75004", "Paris", "FR")
NEXT_DOOR = PostalAddress("5 rue des Lilas", "75004", "Paris", "FR")
OPPOSITE = PostalAddress("4 rue des Lilas", "75004", "Paris", "FR")
NOWHERE = PostalAddress("1 chemin Inconnu", "99999", "Nulle-Part", "FR")
PASSWORD = "correct horse battery"


class FakePasswords:
    def hash(self, password: str) -> str:
        return "fake$" + hashlib.sha256(password.encode()).hexdigest()

    def verify_or_dummy(self, stored: str | None, password: str) -> bool:
        return stored is not None and stored == self.hash(password)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


@dataclass
class FakeLimiter:
    limit: int = 3
    failures: dict[str, int] = field(default_factory=dict)

    def check(self, account: str, source: str, device: str | None = None) -> Verdict:
        worst = max(self.failures.get(account, 0), self.failures.get(source, 0))
        return Verdict(worst < self.limit, 900 if worst >= self.limit else 0)

    def record_failure(self, account: str, source: str, device: str | None = None) -> Verdict:
        for key in (account, source):
            self.failures[key] = self.failures.get(key, 0) + 1
        return self.check(account, source)

    def record_success(self, account: str, source: str, device: str | None = None) -> None:
        self.failures.pop(account, None)


class FakeGeocoder:
    known = {
        LILAS.line: HOME,
        NEXT_DOOR.line: metres_north(HOME, 40),
        OPPOSITE.line: metres_north(HOME, 80),
    }

    def locate(self, line: str, postcode: str, city: str, country: str) -> Location | None:
        point = self.known.get(line)
        return Location(*point, line, f"fake_{line}") if point is not None else None


@dataclass
class FakeLetterBox:
    codes: dict[str, str] = field(default_factory=dict)
    posted: dict[str, str] = field(default_factory=dict)  # letter id -> resident id

    def post(self, letter_id: str, resident_id: str, address: PostalAddress, code: str) -> None:
        self.codes[resident_id] = code
        self.posted[letter_id] = resident_id

    def discard(self, letter_id: str) -> None:
        self.posted.pop(letter_id, None)

    def posted_before(self, moment: datetime) -> list[str]:
        return sorted(self.posted)  # every letter counts as posted long ago


@dataclass
class FakeProofStore:
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)
    decided: set[str] = field(default_factory=set)

    def put(self, resident_id: str, document_id: str, content: bytes) -> None:
        self.files[(resident_id, document_id)] = content

    def get(self, resident_id: str, document_id: str) -> bytes:
        return self.files[(resident_id, document_id)]

    def delete(self, resident_id: str, document_id: str) -> None:
        self.files.pop((resident_id, document_id), None)

    def mark_decided(self, resident_id: str, document_id: str, decided_at: datetime) -> None:
        self.decided.add(document_id)

    def delete_resident(self, resident_id: str) -> None:
        for key in [k for k in self.files if k[0] == resident_id]:
            del self.files[key]


def fake_hash(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{code.replace(' ', '').upper()}".encode()).hexdigest()


@dataclass
class World:
    store: EventStore
    keyring: MemoryKeyring
    codec: Codec
    letters: FakeLetterBox
    proofs: FakeProofStore
    limiter: FakeLimiter
    handlers: IdentityHandlers
    codes: Iterator[str]

    def events(self, stream: str) -> list[Any]:
        return [self.codec.decode(r).event for r in self.store.read_stream(stream)]

    def register(self, name: str = "Ada") -> uuid.UUID:
        email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
        return self.handlers.register(uuid.uuid4(), email, PASSWORD, name).resident_id

    def verified_by_letter(self, rid: uuid.UUID, where: PostalAddress = LILAS) -> None:
        self.handlers.declare_address(uuid.uuid4(), rid, where)
        self.handlers.request_letter(uuid.uuid4(), rid)
        self.handlers.enter_letter_code(uuid.uuid4(), rid, self.letters.codes[str(rid)])


def world(store: EventStore | None = None, limiter: Any = None) -> World:
    store = store or connect("memory://")
    keyring = MemoryKeyring()
    codec = Codec(default_registry(), keyring, b"p" * 32)
    letters, proofs = FakeLetterBox(), FakeProofStore()
    limiter = limiter or FakeLimiter()
    codes = iter(f"CODE{n:06d}" for n in range(10_000))
    handlers = IdentityHandlers(
        store,
        codec,
        keyring,
        lambda: T0,
        FakePasswords(),
        limiter,
        FakeGeocoder(),
        letters,
        proofs,
        new_code=lambda: next(codes),
        hash_code=fake_hash,
    )
    return World(store, keyring, codec, letters, proofs, limiter, handlers, codes)


def test_a_registered_resident_signs_in_and_gets_a_session() -> None:
    w = world()
    registered = w.handlers.register(uuid.uuid4(), "Grace@Example.org", PASSWORD, "Grace")
    assert registered.position is not None
    session = w.handlers.sign_in("grace@EXAMPLE.org", PASSWORD, "203.0.113.9")
    assert session.resident_id == registered.resident_id and len(session.session_id) > 20
    assert not session.verified


def test_a_retried_registration_duplicates_nothing() -> None:
    w = world()
    command_id = uuid.uuid4()
    first = w.handlers.register(command_id, "ada@example.org", PASSWORD, "Ada")
    again = w.handlers.register(command_id, "ada@example.org", PASSWORD, "Ada")
    assert again == first
    assert (
        len(w.store.read_stream(resident_stream(first.resident_id))) == 3
    )  # with the link that confirms the address
    assert w.events(email_claim_stream("ada@example.org")) == [
        EmailClaimed(first.resident_id, "ada@example.org", T0)
    ]


def test_duplicate_email_in_different_case_is_refused_and_nothing_is_recorded() -> None:
    w = world()
    w.handlers.register(uuid.uuid4(), "ada@example.org", PASSWORD, "Ada")
    head = w.store.head()
    with pytest.raises(EmailTaken):
        w.handlers.register(uuid.uuid4(), "ADA@Example.Org", PASSWORD, "Other Ada")
    assert w.store.head() == head


def test_the_password_is_stored_only_hashed() -> None:
    w = world()
    rid = w.register()
    assert PASSWORD not in str([r.data for r in w.store.read_stream(resident_stream(rid))])
    assert w.handlers.resident(rid).password_hash == FakePasswords().hash(PASSWORD)


def test_failed_sign_ins_are_throttled_per_account_and_source() -> None:
    w = world()
    w.handlers.register(uuid.uuid4(), "ada@example.org", PASSWORD, "Ada")
    for _ in range(3):
        with pytest.raises(InvalidCredentials):
            w.handlers.sign_in("ada@example.org", "not the password", "198.51.100.7")
    with pytest.raises(TooManySignInAttempts):
        w.handlers.sign_in("ada@example.org", PASSWORD, "192.0.2.1")
    with pytest.raises(InvalidCredentials):
        w.handlers.sign_in("nobody@example.org", PASSWORD, "192.0.2.1")
    assert w.limiter.failures["nobody@example.org"] == 1, "unknown e-mails are counted too"


def test_an_address_unknown_to_the_geocoder_is_refused_with_a_clear_message() -> None:
    w = world()
    rid = w.register()
    with pytest.raises(AddressUnknown, match="not known"):
        w.handlers.declare_address(uuid.uuid4(), rid, NOWHERE)
    w.handlers.declare_address(uuid.uuid4(), rid, NOWHERE, manual_review=True)
    address = w.handlers.resident(rid).address
    assert address is not None and address.location is None


def test_the_code_posted_in_the_letter_verifies_the_address() -> None:
    w = world()
    rid = w.register()
    w.handlers.declare_address(uuid.uuid4(), rid, LILAS)
    w.handlers.request_letter(uuid.uuid4(), rid)
    code = w.letters.codes[str(rid)]
    posted = [e for e in w.events(resident_stream(rid)) if isinstance(e, LetterPosted)]
    assert posted[0].code_hash == fake_hash(code, str(posted[0].letter_id)) != code
    w.handlers.enter_letter_code(uuid.uuid4(), rid, code.lower()[:4] + " " + code[4:])
    assert w.handlers.resident(rid).verified


def test_a_retried_wrong_code_is_refused_again_but_recorded_once() -> None:
    w = world()
    rid = w.register()
    w.handlers.declare_address(uuid.uuid4(), rid, LILAS)
    w.handlers.request_letter(uuid.uuid4(), rid)
    command_id = uuid.uuid4()
    for _ in range(2):
        with pytest.raises(WrongCode) as caught:
            w.handlers.enter_letter_code(command_id, rid, "WRONGCODE1")
        assert caught.value.attempts_left == 4
    failed = [e for e in w.events(resident_stream(rid)) if isinstance(e, LetterCodeAttemptFailed)]
    assert len(failed) == 1


def test_a_retried_letter_request_posts_no_second_letter() -> None:
    w = world()
    rid = w.register()
    w.handlers.declare_address(uuid.uuid4(), rid, LILAS)
    command_id = uuid.uuid4()
    w.handlers.request_letter(command_id, rid)
    code = w.letters.codes[str(rid)]
    w.handlers.request_letter(command_id, rid)
    assert w.letters.codes[str(rid)] == code
    assert len(w.handlers.resident(rid).letters) == 1


def test_an_operator_approves_a_proof_document() -> None:
    w = world()
    rid, ops = w.register("Ada"), w.register("Olga")
    w.handlers.grant_role(uuid.uuid4(), ops, "operator", None, "system:ops")
    w.handlers.declare_address(uuid.uuid4(), rid, NOWHERE, manual_review=True)
    w.handlers.submit_proof_document(uuid.uuid4(), rid, b"%PDF-1.7 my electricity bill")
    document = w.handlers.resident(rid).documents[0]
    assert w.proofs.files[(str(rid), str(document.document_id))].startswith(b"%PDF")
    w.handlers.approve_proof_document(uuid.uuid4(), rid, document.document_id, ops)
    state = w.handlers.resident(rid)
    assert state.verified and state.verification is not None
    assert state.verification.method == "document"
    assert str(document.document_id) in w.proofs.decided


def test_two_verified_neighbours_vouching_verify_a_newcomer() -> None:
    w = world()
    first, second, newcomer = w.register("Ada"), w.register("Bob"), w.register("Cleo")
    w.verified_by_letter(first, LILAS)
    w.verified_by_letter(second, NEXT_DOOR)
    w.handlers.declare_address(uuid.uuid4(), newcomer, OPPOSITE)
    command_id = uuid.uuid4()
    w.handlers.vouch(command_id, first, newcomer)
    w.handlers.vouch(command_id, first, newcomer)
    assert not w.handlers.resident(newcomer).verified
    w.handlers.vouch(uuid.uuid4(), second, newcomer)
    state = w.handlers.resident(newcomer)
    assert state.verified and len(state.vouches_received) == 2
    given = [e for e in w.events(resident_stream(first)) if isinstance(e, VouchGiven)]
    assert len(given) == 1


def test_erasure_shreds_the_email_and_the_resident_can_no_longer_sign_in() -> None:
    w = world()
    rid = w.handlers.register(uuid.uuid4(), "ada@example.org", PASSWORD, "Ada").resident_id
    w.handlers.declare_address(uuid.uuid4(), rid, NOWHERE, manual_review=True)
    w.handlers.submit_proof_document(uuid.uuid4(), rid, b"\x89PNG\r\n\x1a\nbill")
    w.handlers.erase(uuid.uuid4(), rid, "system:ops")
    claimed = w.events(email_claim_stream("ada@example.org"))[0]
    assert claimed.email is ERASED
    assert w.events(resident_stream(rid))[0].email is ERASED
    with pytest.raises(InvalidCredentials):
        w.handlers.sign_in("ada@example.org", PASSWORD, "192.0.2.1")
    assert w.proofs.files == {}
    export = w.handlers.export(rid)
    assert export["erased"] is True and export["profile"]["email"] == "[erased]"
    again = w.handlers.register(uuid.uuid4(), "ada@example.org", PASSWORD, "Ada")
    assert again.resident_id != rid


def test_an_export_holds_everything_but_the_credential_hashes() -> None:
    w = world()
    rid = w.handlers.register(uuid.uuid4(), "ada@example.org", PASSWORD, "Ada", "en").resident_id
    w.handlers.change_profile(uuid.uuid4(), rid, "Ada L.", "06 12 34 56 78", "full")
    w.verified_by_letter(rid)
    export = w.handlers.export(rid)
    assert export["profile"] == {
        "email": "ada@example.org",
        "display_name": "Ada L.",
        "phone": "06 12 34 56 78",
        "address_disclosure": "full",
        "language": "en",
        "email_confirmed": False,
    }
    assert export["address"]["postal"]["line"] == LILAS.line
    assert export["verification"]["method"] == "letter"
    text = str(export)
    assert "fake$" not in text and [e["type"] for e in export["events"]][:2] == [
        "identity.ResidentRegistered",
        "identity.PasswordChanged",
    ]


class ConflictOnce:
    """An event store where another writer gets in first, once."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.conflicts = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def append(self, stream: str, events: list[NewEvent], expected_version: Any = None) -> Any:
        conflicting = isinstance(expected_version, int) and stream.startswith("identity.resident")
        if conflicting and self.conflicts == 0:
            self.conflicts += 1
            raise WrongExpectedVersion(stream, expected_version, expected_version + 1)
        return self.store.append(stream, events, expected_version=expected_version)


def test_a_conflicting_write_is_retried_on_the_fresh_stream() -> None:
    store = ConflictOnce(connect("memory://"))
    w = world(store)  # type: ignore[arg-type]
    rid = w.register()
    w.handlers.change_profile(uuid.uuid4(), rid, "Ada L.", None, "none")
    assert store.conflicts == 1
    assert w.handlers.resident(rid).address_disclosure == "none"
