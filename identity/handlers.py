"""Identity's command handlers: load a stream, fold it, decide, append with the version read.

    handlers = IdentityHandlers(store, codec, keyring, clock, passwords, limiter, geocoder,
                                letters, proofs, new_code=letters.new_code,
                                hash_code=letters.hash_code)
    registered = handlers.register(command_id, "ada@example.org", password, "Ada")

Every command names a `command_id` chosen by the caller. Event ids (and the ids of residents,
addresses, letters and documents) are derived from it with uuid5, so a retried command appends
nothing twice and answers as the first attempt did. Each method returns the position of the last
event it is about, for read-your-writes queries. Ports are passed in; nothing connects here.
"""

from __future__ import annotations

import base64
import dataclasses
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from contracts.envelope import Metadata
from contracts.pii import is_erased
from services.eventstore import NO_STREAM, EventStore, RecordedEvent, WrongExpectedVersion
from services.eventstore.codec import Codec
from services.eventstore.keyring import Keyring

from . import domain
from .commands import (
    ApproveProofDocument,
    ChangePassword,
    ChangeProfile,
    ClaimEmail,
    DeclareAddress,
    DeleteProofDocument,
    EnterLetterCode,
    EraseResident,
    GrantRole,
    PostLetter,
    ReceiveVouch,
    RegisterResident,
    RejectProofDocument,
    ReleaseEmail,
    Reviewer,
    RevokeRole,
    SignIn,
    SubmitProofDocument,
    Vouchee,
    VouchForNeighbour,
)
from .domain import EmailClaim, Resident
from .domain_errors import (
    AccountErased,
    IdentityError,
    InvalidCredentials,
    RefusalWithRecord,
    TooManySignInAttempts,
)
from .domain_state import Location, PostalAddress
from .domain_verification import document_type, reviewer_facts, vouchee_facts

S = TypeVar("S")
E = TypeVar("E")
ATTEMPTS = 5
NIL = uuid.UUID(int=0)


class HasPoint(Protocol):
    @property
    def point(self) -> tuple[float, float]: ...


class Geocoder(Protocol):
    def locate(
        self, line: str, postcode: str, city: str, country: str, /
    ) -> tuple[float, float] | HasPoint | None:
        """The address's coordinates (lat, lon), or None when the map does not know it."""
        ...


class LetterBox(Protocol):
    def post(self, letter_id: str, resident_id: str, address: PostalAddress, code: str, /) -> None:
        """Send the code on paper; posting the same letter_id again sends nothing new."""
        ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify_or_dummy(self, stored: str | None, password: str) -> bool:
        """True when `password` matches `stored`; with None, spends the same time and is False."""
        ...


class Verdict(Protocol):
    @property
    def allowed(self) -> bool: ...

    @property
    def retry_after(self) -> int: ...


class SignInLimiter(Protocol):
    def check(self, account: str, source: str) -> Verdict: ...

    def record_failure(self, account: str, source: str) -> object: ...

    def record_success(self, account: str, source: str) -> None: ...


class ProofStore(Protocol):
    def put(self, resident_id: str, document_id: str, content: bytes) -> object: ...

    def get(self, resident_id: str, document_id: str) -> bytes: ...

    def delete(self, resident_id: str, document_id: str) -> None: ...

    def mark_decided(self, resident_id: str, document_id: str, decided_at: datetime) -> None: ...

    def delete_resident(self, resident_id: str) -> None: ...


@dataclass(frozen=True)
class Outcome:
    """What one command did to one stream. `appended` is False for a no-op or a repeat."""

    position: str | None
    events: tuple[Any, ...]
    appended: bool


@dataclass(frozen=True)
class Registered:
    resident_id: uuid.UUID
    position: str | None


@dataclass(frozen=True)
class Session:
    """A signed-in resident. Keeping (and signing or hashing) the session id is the gateway's."""

    session_id: str
    resident_id: uuid.UUID
    roles: frozenset[tuple[str, uuid.UUID | None]]
    verified: bool
    started_at: datetime
    position: str | None


def event_id(command_id: uuid.UUID, stream: str, index: int) -> uuid.UUID:
    return uuid.uuid5(command_id, f"{stream}#{index}")


def derived_id(command_id: uuid.UUID, what: str) -> uuid.UUID:
    return uuid.uuid5(command_id, what)


def _location(found: tuple[float, float] | HasPoint | None) -> Location | None:
    if found is None or isinstance(found, tuple):
        return found
    return found.point


class IdentityHandlers:
    def __init__(
        self,
        store: EventStore,
        codec: Codec,
        keyring: Keyring,
        clock: Callable[[], datetime],
        passwords: PasswordHasher,
        limiter: SignInLimiter,
        geocoder: Geocoder,
        letters: LetterBox,
        proofs: ProofStore,
        new_code: Callable[[], str],
        hash_code: Callable[[str, str], str],
        new_session_id: Callable[[], str] = lambda: secrets.token_urlsafe(32),
    ) -> None:
        self._store = store
        self._codec = codec
        self._keyring = keyring
        self._clock = clock
        self._passwords = passwords
        self._limiter = limiter
        self._geocoder = geocoder
        self._letters = letters
        self._proofs = proofs
        self._new_code = new_code
        self._hash_code = hash_code
        self._new_session_id = new_session_id

    # Reading

    def _read(self, stream: str) -> tuple[list[RecordedEvent], list[Any]]:
        recorded = self._store.read_stream(stream)
        return recorded, [self._codec.decode(r).event for r in recorded]

    def resident(self, resident_id: uuid.UUID) -> Resident:
        return domain.fold(self._read(domain.resident_stream(resident_id))[1])

    def _claim(self, email: str) -> EmailClaim:
        claim = EmailClaim()
        for event in self._read(domain.email_claim_stream(email))[1]:
            claim = domain.evolve_claim(claim, event)
        return claim

    # The one way to change a stream

    def _execute(
        self,
        stream: str,
        command_id: uuid.UUID,
        actor: str,
        initial: S,
        evolve: Callable[[S, Any], S],
        decide: Callable[[S], Sequence[E]],
    ) -> Outcome:
        metadata = Metadata.start(actor, command_id)
        for attempt in range(ATTEMPTS):
            recorded, events = self._read(stream)
            ours = {event_id(command_id, stream, i) for i in range(len(recorded) + 1)}
            done = [i for i, r in enumerate(recorded) if r.event_id in ours]
            state = initial
            for event in events[: done[0] if done else len(events)]:
                state = evolve(state, event)
            if done:
                return self._repeat(recorded, events, done, state, decide)
            refusal: RefusalWithRecord | None = None
            try:
                decided: Sequence[Any] = decide(state)
            except RefusalWithRecord as refused:
                refusal, decided = refused, refused.events
            if not decided:
                return Outcome(str(recorded[-1].position) if recorded else None, (), False)
            new = [
                self._codec.encode(e, metadata, event_id=event_id(command_id, stream, i))
                for i, e in enumerate(decided)
            ]
            expected = recorded[-1].version if recorded else NO_STREAM
            try:
                result = self._store.append(stream, new, expected_version=expected)
            except WrongExpectedVersion:
                if attempt == ATTEMPTS - 1:
                    raise
                continue
            if refusal is not None:
                raise refusal
            return Outcome(str(result.position), tuple(decided), True)
        raise AssertionError("unreachable")

    def _repeat(
        self,
        recorded: list[RecordedEvent],
        events: list[Any],
        done: list[int],
        state: S,
        decide: Callable[[S], Sequence[E]],
    ) -> Outcome:
        # The command was applied before: answer as the first attempt did, appending nothing.
        try:
            decide(state)
        except RefusalWithRecord as refused:
            raise refused from None
        except IdentityError:
            pass  # time moved on since the first attempt; what it recorded stands
        return Outcome(
            str(recorded[done[-1]].position), tuple(events[i] for i in done), appended=False
        )

    def _on_resident(
        self,
        resident_id: uuid.UUID,
        command_id: uuid.UUID,
        actor: str | None,
        decide: Callable[[Resident], Sequence[Any]],
    ) -> Outcome:
        return self._execute(
            domain.resident_stream(resident_id),
            command_id,
            actor or f"resident:{resident_id}",
            domain.INITIAL,
            domain.evolve,
            decide,
        )

    # Account

    def register(
        self, command_id: uuid.UUID, email: str, password: str, display_name: str
    ) -> Registered:
        """Claim the e-mail address, then record the resident. Raises EmailTaken, InvalidEmail,
        InvalidProfile or PasswordTooWeak."""
        domain.check_password(password, email)
        at = self._clock()
        resident_id = derived_id(command_id, "resident")
        command = RegisterResident(
            resident_id, email, display_name, self._passwords.hash(password), at
        )
        domain.decide(command, domain.INITIAL)  # refuse bad input before the e-mail is claimed
        claim = ClaimEmail(resident_id, email, at)
        self._execute(
            domain.email_claim_stream(email),
            command_id,
            f"resident:{resident_id}",
            EmailClaim(),
            domain.evolve_claim,
            lambda state: domain.decide_claim(claim, state),
        )
        outcome = self._on_resident(
            resident_id, command_id, None, lambda state: domain.decide(command, state)
        )
        return Registered(resident_id, outcome.position)

    def sign_in(self, email: str, password: str, source: str) -> Session:
        """A session for the resident, or InvalidCredentials (whatever was wrong) or
        TooManySignInAttempts (for this account or from this source)."""
        account = domain.email_key(email)
        verdict = self._limiter.check(account, source)
        if not verdict.allowed:
            raise TooManySignInAttempts(verdict.retry_after)
        claim = self._claim(email)
        at = self._clock()
        state = self.resident(claim.resident_id) if claim.held and claim.resident_id else None
        try:
            if state is None or state.resident_id is None:
                raise InvalidCredentials("wrong e-mail or password")
            domain.check_can_sign_in(state)
            matches = self._passwords.verify_or_dummy(state.password_hash, password)
            domain.decide(SignIn(state.resident_id, matches, at), state)
        except (InvalidCredentials, AccountErased):
            if state is None or not state.registered or state.erased:
                self._passwords.verify_or_dummy(None, password)  # same time as a real check
            self._limiter.record_failure(account, source)
            raise InvalidCredentials("wrong e-mail or password") from None
        self._limiter.record_success(account, source)
        recorded = self._store.read_stream(domain.resident_stream(state.resident_id))
        return Session(
            self._new_session_id(),
            state.resident_id,
            state.roles,
            state.verified,
            at,
            str(recorded[-1].position) if recorded else None,
        )

    def change_password(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        current: str,
        new: str,
        source: str,
    ) -> str | None:
        """Raises CurrentPasswordWrong (counted as a failed sign-in), PasswordTooWeak or
        TooManySignInAttempts."""
        before = self.resident(resident_id)
        email = before.email if not is_erased(before.email) else ""
        domain.check_password(new, email)
        account = domain.email_key(email)
        verdict = self._limiter.check(account, source)
        if not verdict.allowed:
            raise TooManySignInAttempts(verdict.retry_after)
        new_hash = self._passwords.hash(new)
        at = self._clock()

        def decide(state: Resident) -> Sequence[Any]:
            stored = state.password_hash if state.password_hash else None
            matches = self._passwords.verify_or_dummy(stored, current)
            return domain.decide(ChangePassword(resident_id, matches, new_hash, at), state)

        try:
            return self._on_resident(resident_id, command_id, None, decide).position
        except domain.CurrentPasswordWrong:
            self._limiter.record_failure(account, source)
            raise

    def change_profile(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        display_name: str,
        phone: str | None,
        address_disclosure: str = "street",
    ) -> str | None:
        command = ChangeProfile(resident_id, display_name, phone, address_disclosure, self._clock())
        return self._on_resident(
            resident_id, command_id, None, lambda state: domain.decide(command, state)
        ).position

    def grant_role(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        role: str,
        neighbourhood_id: uuid.UUID | None,
        actor: str,
    ) -> str | None:
        """`actor` is who grants: "system:ops" from the command line, "system:neighbourhoods"
        from the policy that follows the neighbourhoods service's events."""
        command = GrantRole(resident_id, role, neighbourhood_id, self._clock())
        return self._on_resident(
            resident_id, command_id, actor, lambda state: domain.decide(command, state)
        ).position

    def revoke_role(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        role: str,
        neighbourhood_id: uuid.UUID | None,
        actor: str,
    ) -> str | None:
        command = RevokeRole(resident_id, role, neighbourhood_id, self._clock())
        return self._on_resident(
            resident_id, command_id, actor, lambda state: domain.decide(command, state)
        ).position

    def erase(self, command_id: uuid.UUID, resident_id: uuid.UUID, actor: str) -> str | None:
        """Forget the resident: release their e-mail, record the erasure, destroy their key and
        their documents. Idempotent."""
        at = self._clock()
        state = self.resident(resident_id)
        if state.registered and not state.erased and not is_erased(state.email):
            release = ReleaseEmail(resident_id, at)
            self._execute(
                domain.email_claim_stream(state.email),
                command_id,
                actor,
                EmailClaim(),
                domain.evolve_claim,
                lambda claim: domain.decide_claim(release, claim),
            )
        command = EraseResident(resident_id, at)
        outcome = self._on_resident(
            resident_id, command_id, actor, lambda s: domain.decide(command, s)
        )
        self._keyring.erase(str(resident_id))
        self._proofs.delete_resident(str(resident_id))
        return outcome.position

    # Address and verification

    def declare_address(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        address: PostalAddress,
        manual_review: bool = False,
    ) -> str | None:
        """Raises AddressUnknown when the map does not know the address (unless
        `manual_review`: it must then be proven by a document)."""
        found = self._geocoder.locate(address.line, address.postcode, address.city, address.country)
        command = DeclareAddress(
            resident_id,
            derived_id(command_id, "address"),
            address,
            _location(found),
            manual_review,
            self._clock(),
        )
        return self._on_resident(
            resident_id, command_id, None, lambda state: domain.decide(command, state)
        ).position

    def request_letter(self, command_id: uuid.UUID, resident_id: uuid.UUID) -> str | None:
        """Record a letter, then post its code. Only the code's hash is kept: a letter recorded
        but lost before posting is replaced by requesting another."""
        letter_id = derived_id(command_id, "letter")
        code = self._new_code()
        command = PostLetter(
            resident_id, letter_id, self._hash_code(code, str(letter_id)), self._clock()
        )
        outcome = self._on_resident(
            resident_id, command_id, None, lambda state: domain.decide(command, state)
        )
        if outcome.appended:
            address = self.resident(resident_id).address
            assert address is not None
            self._letters.post(str(letter_id), str(resident_id), address.postal, code)
        return outcome.position

    def enter_letter_code(
        self, command_id: uuid.UUID, resident_id: uuid.UUID, typed: str
    ) -> str | None:
        """Raises WrongCode (recorded), CodeExpired, TooManyAttempts or NoLetterPosted."""
        at = self._clock()

        def decide(state: Resident) -> Sequence[Any]:
            letter = state.letter()
            letter_id = letter.letter_id if letter is not None else NIL
            code_hash = self._hash_code(typed, str(letter_id)) if letter is not None else ""
            return domain.decide(EnterLetterCode(resident_id, letter_id, code_hash, at), state)

        return self._on_resident(resident_id, command_id, None, decide).position

    def submit_proof_document(
        self, command_id: uuid.UUID, resident_id: uuid.UUID, content: bytes
    ) -> str | None:
        """Store the document (encrypted, outside the log), then record that it was sent."""
        document_id = derived_id(command_id, "document")
        command = SubmitProofDocument(
            resident_id, document_id, document_type(content[:16]), len(content), self._clock()
        )
        domain.decide(command, self.resident(resident_id))  # refuse before storing anything
        self._proofs.put(str(resident_id), str(document_id), content)
        return self._on_resident(
            resident_id, command_id, None, lambda state: domain.decide(command, state)
        ).position

    def _reviewer(self, reviewer_id: uuid.UUID) -> Reviewer:
        state = self.resident(reviewer_id)
        if state.resident_id is None:
            return Reviewer(reviewer_id, False, frozenset())
        return reviewer_facts(state)

    def approve_proof_document(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        document_id: uuid.UUID,
        reviewer_id: uuid.UUID,
        reason: str | None = None,
        address_neighbourhoods: frozenset[uuid.UUID] = frozenset(),
    ) -> str | None:
        """`address_neighbourhoods`: the neighbourhoods containing the resident's address, from
        the caller's neighbourhoods read model, so that their moderators may review."""
        at = self._clock()
        command = ApproveProofDocument(
            resident_id,
            document_id,
            self._reviewer(reviewer_id),
            address_neighbourhoods,
            reason,
            at,
        )
        outcome = self._on_resident(
            resident_id,
            command_id,
            f"resident:{reviewer_id}",
            lambda state: domain.decide(command, state),
        )
        self._proofs.mark_decided(str(resident_id), str(document_id), at)
        return outcome.position

    def reject_proof_document(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        document_id: uuid.UUID,
        reviewer_id: uuid.UUID,
        reason: str,
        address_neighbourhoods: frozenset[uuid.UUID] = frozenset(),
    ) -> str | None:
        at = self._clock()
        command = RejectProofDocument(
            resident_id,
            document_id,
            self._reviewer(reviewer_id),
            address_neighbourhoods,
            reason,
            at,
        )
        outcome = self._on_resident(
            resident_id,
            command_id,
            f"resident:{reviewer_id}",
            lambda state: domain.decide(command, state),
        )
        self._proofs.mark_decided(str(resident_id), str(document_id), at)
        return outcome.position

    def delete_proof_document(
        self, command_id: uuid.UUID, resident_id: uuid.UUID, document_id: uuid.UUID
    ) -> str | None:
        """Once the retention after the decision is over (a daily timer calls this)."""
        command = DeleteProofDocument(resident_id, document_id, self._clock())
        if domain.decide(command, self.resident(resident_id)):
            self._proofs.delete(str(resident_id), str(document_id))
        return self._on_resident(
            resident_id, command_id, "system:identity", lambda s: domain.decide(command, s)
        ).position

    def vouch(
        self, command_id: uuid.UUID, voucher_id: uuid.UUID, vouchee_id: uuid.UUID
    ) -> str | None:
        """Record the vouch in the voucher's stream (where the 5 per 30 days are counted, under
        its expected version), then count it in the vouchee's; a retry completes both."""
        at = self._clock()
        vouchee_state = self.resident(vouchee_id)
        vouchee = (
            vouchee_facts(vouchee_state)
            if vouchee_state.resident_id is not None
            else Vouchee(vouchee_id, False, False, None, None, False)
        )
        command = VouchForNeighbour(voucher_id, vouchee, at)
        given = self._on_resident(
            voucher_id, command_id, None, lambda state: domain.decide(command, state)
        )
        address_id = given.events[0].address_id if given.events else vouchee.address_id
        if address_id is None:
            return given.position
        received = ReceiveVouch(vouchee_id, voucher_id, address_id, at)
        return self._on_resident(
            vouchee_id,
            command_id,
            f"resident:{voucher_id}",
            lambda state: domain.decide(received, state),
        ).position

    # Export

    def export(self, resident_id: uuid.UUID) -> dict[str, Any]:
        """Everything held about the resident, as one JSON-ready document. Credential hashes
        are withheld: they are of no use to the resident and would only help a thief."""
        recorded, events = self._read(domain.resident_stream(resident_id))
        state = domain.fold(events)
        documents = []
        for document in state.documents:
            entry = _jsonable(dataclasses.asdict(document))
            if not document.deleted:
                content = self._proofs.get(str(resident_id), str(document.document_id))
                entry["content_base64"] = base64.b64encode(content).decode("ascii")
            documents.append(entry)
        return {
            "resident_id": str(resident_id),
            "exported_at": self._clock().isoformat(),
            "erased": state.erased,
            "profile": {
                "email": state.email,
                "display_name": state.display_name,
                "phone": state.phone,
                "address_disclosure": state.address_disclosure,
            },
            "roles": sorted(
                [{"role": role, "neighbourhood_id": _jsonable(n)} for role, n in state.roles],
                key=lambda r: (r["role"], str(r["neighbourhood_id"])),
            ),
            "address": _jsonable(dataclasses.asdict(state.address)) if state.address else None,
            "verification": _jsonable(dataclasses.asdict(state.verification))
            if state.verification
            else None,
            "documents": documents,
            "events": [_exported(r, e) for r, e in zip(recorded, events, strict=True)],
        }


WITHHELD = "[withheld: credential]"


def _exported(recorded: RecordedEvent, event: Any) -> dict[str, Any]:
    data = _jsonable(dataclasses.asdict(event))
    for secret in ("password_hash", "code_hash"):
        if secret in data:
            data[secret] = WITHHELD
    return {
        "type": recorded.type,
        "position": str(recorded.position),
        "recorded_at": recorded.recorded_at.isoformat(),
        "actor": recorded.metadata.get("actor"),
        "data": data,
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value
