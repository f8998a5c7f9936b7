"""A resident as the identity context knows them, rebuilt from events (their account's links by
e-mail: links.py). `evolve` is the only way state changes, for a live command and for a rebuild
from the log alike."""

from __future__ import annotations

import functools
import math
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from contracts.identity.events import (
    DEFAULT_LANGUAGE,
    AddressDeclared,
    AddressVerified,
    IdentityEvent,
    LanguageChanged,
    LetterCodeAttemptFailed,
    LetterPosted,
    PasswordChanged,
    ProfileChanged,
    ProofDocumentApproved,
    ProofDocumentDeleted,
    ProofDocumentRejected,
    ProofDocumentSubmitted,
    ResidentErased,
    ResidentRegistered,
    RoleGranted,
    RoleRevoked,
    VouchGiven,
    VouchReceived,
)
from contracts.pii import ERASED
from identity.domain.links import AccountLinks, LinkEvent, evolve_links

Location = tuple[float, float]
Role = tuple[str, uuid.UUID | None]


def resident_stream(resident_id: uuid.UUID) -> str:
    return f"identity.resident-{resident_id}"


def within(moments: tuple[datetime, ...], at: datetime, period: timedelta) -> int:
    """How many of `moments` fall in the `period` that ends at `at`."""
    return sum(1 for moment in moments if at - period < moment <= at)


def distance_m(a: Location, b: Location) -> float:
    """Great-circle distance in metres (haversine on a sphere of the Earth's mean radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class PostalAddress:
    line: str
    postcode: str
    city: str
    country: str

    @property
    def key(self) -> str:
        """The declaration's text up to case and blanks: typing it again declares nothing new.
        Letters are counted per door (HomeAddress.key), not per declaration, so moving away
        and back does not buy new letters."""
        parts = (self.line, self.postcode, self.city, self.country)
        return "|".join(" ".join(part.casefold().split()) for part in parts)


@dataclass(frozen=True)
class HomeAddress:
    address_id: uuid.UUID
    postal: PostalAddress
    location: Location | None
    declared_at: datetime
    ban_id: str | None = None

    @property
    def key(self) -> str:
        """Which door this is, for counting letters: the geocoder's id for it, so that no
        spelling of the address gets letters of its own. Addresses declared before the geocoder
        named doors are known by their text alone."""
        if self.ban_id is not None:
            return f"ban:{self.ban_id}"
        return f"text:{self.postal.key}"


@dataclass(frozen=True)
class Verification:
    address_id: uuid.UUID
    method: str
    evidence_id: uuid.UUID | None
    verified_at: datetime


@dataclass(frozen=True)
class Letter:
    letter_id: uuid.UUID
    address_id: uuid.UUID
    address_key: str
    code_hash: str
    posted_at: datetime
    expires_at: datetime
    failed_attempts: int = 0


@dataclass(frozen=True)
class ProofDocument:
    document_id: uuid.UUID
    address_id: uuid.UUID
    content_type: str
    size_bytes: int
    submitted_at: datetime
    decision: str | None = None
    delete_after: datetime | None = None
    deleted: bool = False


@dataclass(frozen=True)
class Vouch:
    other_id: uuid.UUID
    address_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class Resident:
    resident_id: uuid.UUID | None = None
    email: str = ""
    display_name: str = ""
    phone: str | None = None
    address_disclosure: str = "street"
    language: str = DEFAULT_LANGUAGE
    password_hash: str = ""
    registered_at: datetime | None = None
    roles: frozenset[Role] = frozenset()
    address: HomeAddress | None = None
    verification: Verification | None = None
    past_verifications: tuple[Verification, ...] = ()
    letters: tuple[Letter, ...] = ()
    documents: tuple[ProofDocument, ...] = ()
    vouches_received: tuple[Vouch, ...] = ()
    vouches_given: tuple[Vouch, ...] = ()
    links: AccountLinks = field(default_factory=AccountLinks)
    erased_at: datetime | None = None

    @property
    def registered(self) -> bool:
        return self.registered_at is not None

    @property
    def erased(self) -> bool:
        return self.erased_at is not None

    @property
    def verified(self) -> bool:
        """Verified for the address they live at now (moving house makes them unverified)."""
        return self.verification is not None

    def letter(self) -> Letter | None:
        """The latest letter for the current address: only its code counts."""
        if self.address is None:
            return None
        current = [x for x in self.letters if x.address_id == self.address.address_id]
        return current[-1] if current else None

    def document(self, document_id: uuid.UUID) -> ProofDocument | None:
        return next((d for d in self.documents if d.document_id == document_id), None)


INITIAL = Resident()


def evolve(state: Resident, event: IdentityEvent) -> Resident:
    """The resident after `event`."""
    if isinstance(event, LinkEvent):
        return replace(state, links=evolve_links(state.links, event))
    match event:
        case ResidentRegistered():
            return replace(
                state,
                resident_id=event.resident_id,
                email=event.email,
                display_name=event.display_name,
                language=event.language,
                registered_at=event.registered_at,
            )
        case PasswordChanged():
            return replace(state, password_hash=event.password_hash)
        case ProfileChanged():
            return replace(
                state,
                display_name=event.display_name,
                phone=event.phone,
                address_disclosure=event.address_disclosure,
            )
        case LanguageChanged():
            return replace(state, language=event.language)
        case RoleGranted():
            return replace(state, roles=state.roles | {(event.role, event.neighbourhood_id)})
        case RoleRevoked():
            return replace(state, roles=state.roles - {(event.role, event.neighbourhood_id)})
        case AddressDeclared():
            return _moved(state, event)
        case LetterPosted():
            key = state.address.key if state.address is not None else ""
            letter = Letter(
                event.letter_id,
                event.address_id,
                key,
                event.code_hash,
                event.posted_at,
                event.expires_at,
            )
            return replace(state, letters=(*state.letters, letter))
        case LetterCodeAttemptFailed():
            letters = tuple(
                replace(x, failed_attempts=event.attempt) if x.letter_id == event.letter_id else x
                for x in state.letters
            )
            return replace(state, letters=letters)
        case AddressVerified():
            verification = Verification(
                event.address_id, event.method, event.evidence_id, event.verified_at
            )
            return replace(state, verification=verification)
        case ProofDocumentSubmitted():
            document = ProofDocument(
                event.document_id,
                event.address_id,
                event.content_type,
                event.size_bytes,
                event.submitted_at,
            )
            return replace(state, documents=(*state.documents, document))
        case ProofDocumentApproved():
            return _document(state, event.document_id, "approved", event.delete_after)
        case ProofDocumentRejected():
            return _document(state, event.document_id, "rejected", event.delete_after)
        case ProofDocumentDeleted():
            documents = tuple(
                replace(d, deleted=True) if d.document_id == event.document_id else d
                for d in state.documents
            )
            return replace(state, documents=documents)
        case VouchGiven():
            vouch = Vouch(event.vouchee_id, event.address_id, event.given_at)
            return replace(state, vouches_given=(*state.vouches_given, vouch))
        case VouchReceived():
            vouch = Vouch(event.voucher_id, event.address_id, event.received_at)
            return replace(state, vouches_received=(*state.vouches_received, vouch))
        case ResidentErased():
            # Whatever was known is gone with the key: the state holds what a rebuild after
            # erasure can still read, so a live state and a rebuilt one stay equal.
            return Resident(
                resident_id=state.resident_id,
                email=ERASED,
                display_name=ERASED,
                password_hash=ERASED,
                registered_at=state.registered_at,
                erased_at=event.erased_at,
            )
    return state


def _moved(state: Resident, event: AddressDeclared) -> Resident:
    postal = PostalAddress(event.line, event.postcode, event.city, event.country)
    location = (
        None
        if event.latitude is None or event.longitude is None
        else (event.latitude, event.longitude)
    )
    past = state.past_verifications
    if state.verification is not None:
        past = (*past, state.verification)
    address = HomeAddress(event.address_id, postal, location, event.declared_at, event.ban_id)
    return replace(state, address=address, verification=None, past_verifications=past)


def _document(
    state: Resident, document_id: uuid.UUID, decision: str, delete_after: datetime
) -> Resident:
    documents = tuple(
        replace(d, decision=decision, delete_after=delete_after)
        if d.document_id == document_id
        else d
        for d in state.documents
    )
    return replace(state, documents=documents)


def fold(events: list[IdentityEvent], state: Resident = INITIAL) -> Resident:
    return functools.reduce(evolve, events, state)
