"""Commands of the identity context, as the domain decides on them.

Nothing secret or random is computed by the domain: a command carries the time, the ids, the
hashes (of a password, of a letter's code) and the facts the handler read elsewhere (the
geocoder's answer, a reviewer's roles, a neighbour's address). A clear password or code never
reaches a command.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from contracts.identity.events import DEFAULT_LANGUAGE
from identity.domain.state import Location, PostalAddress

# E-mail claim (stream identity.email-<uuid5>)


@dataclass(frozen=True)
class ClaimEmail:
    resident_id: uuid.UUID
    email: str
    at: datetime


@dataclass(frozen=True)
class ReleaseEmail:
    resident_id: uuid.UUID
    at: datetime


# Account (stream identity.resident-<id>)


@dataclass(frozen=True)
class RegisterResident:
    resident_id: uuid.UUID
    email: str
    display_name: str
    password_hash: str
    at: datetime
    language: str = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class SignIn:
    resident_id: uuid.UUID
    password_matches: bool
    at: datetime


@dataclass(frozen=True)
class ChangePassword:
    resident_id: uuid.UUID
    current_password_matches: bool
    new_password_hash: str
    at: datetime


@dataclass(frozen=True)
class ChangeProfile:
    """`language` None keeps the resident's language as it is."""

    resident_id: uuid.UUID
    display_name: str
    phone: str | None
    address_disclosure: str
    at: datetime
    language: str | None = None


@dataclass(frozen=True)
class GrantRole:
    resident_id: uuid.UUID
    role: str
    neighbourhood_id: uuid.UUID | None
    at: datetime


@dataclass(frozen=True)
class RevokeRole:
    resident_id: uuid.UUID
    role: str
    neighbourhood_id: uuid.UUID | None
    at: datetime


@dataclass(frozen=True)
class EraseResident:
    resident_id: uuid.UUID
    at: datetime


# Home address and its verification


@dataclass(frozen=True)
class DeclareAddress:
    """`location` and `ban_id` are the geocoder's answer (where the door is, and which door of
    the address base it is); None when it does not know the address, which is then refused
    unless `manual_review` asks for it to be proven by a document."""

    resident_id: uuid.UUID
    address_id: uuid.UUID
    address: PostalAddress
    location: Location | None
    manual_review: bool
    at: datetime
    ban_id: str | None = None


@dataclass(frozen=True)
class PostLetter:
    """`code_hash` is the hash of the code printed in the letter, salted with `letter_id`."""

    resident_id: uuid.UUID
    letter_id: uuid.UUID
    code_hash: str
    at: datetime


@dataclass(frozen=True)
class EnterLetterCode:
    """`code_hash` is the entered code hashed as the letter's was: same scheme, salt `letter_id`."""

    resident_id: uuid.UUID
    letter_id: uuid.UUID
    code_hash: str
    at: datetime


@dataclass(frozen=True)
class SubmitProofDocument:
    """`content_type` is what the content's first bytes say it is (None: not a known kind)."""

    resident_id: uuid.UUID
    document_id: uuid.UUID
    content_type: str | None
    size_bytes: int
    at: datetime


@dataclass(frozen=True)
class Reviewer:
    """What the reviewer's own stream says about them."""

    reviewer_id: uuid.UUID
    is_operator: bool
    moderates: frozenset[uuid.UUID]


@dataclass(frozen=True)
class ApproveProofDocument:
    """`address_neighbourhoods` are the neighbourhoods containing the resident's address, as the
    neighbourhoods read model knows them (none until neighbourhoods exist)."""

    resident_id: uuid.UUID
    document_id: uuid.UUID
    reviewer: Reviewer
    address_neighbourhoods: frozenset[uuid.UUID]
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class RejectProofDocument:
    resident_id: uuid.UUID
    document_id: uuid.UUID
    reviewer: Reviewer
    address_neighbourhoods: frozenset[uuid.UUID]
    reason: str
    at: datetime


@dataclass(frozen=True)
class DeleteProofDocument:
    resident_id: uuid.UUID
    document_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class Vouchee:
    """What the vouched-for resident's stream says about them."""

    resident_id: uuid.UUID
    registered: bool
    erased: bool
    address_id: uuid.UUID | None
    location: Location | None
    verified: bool


@dataclass(frozen=True)
class VouchForNeighbour:
    """Decided on the voucher's stream, where their vouches are counted."""

    voucher_id: uuid.UUID
    vouchee: Vouchee
    at: datetime


@dataclass(frozen=True)
class ReceiveVouch:
    """Decided on the vouchee's stream, once the voucher's VouchGiven is recorded."""

    vouchee_id: uuid.UUID
    voucher_id: uuid.UUID
    address_id: uuid.UUID
    at: datetime


AccountCommand = (
    RegisterResident
    | SignIn
    | ChangePassword
    | ChangeProfile
    | GrantRole
    | RevokeRole
    | EraseResident
)
VerificationCommand = (
    DeclareAddress
    | PostLetter
    | EnterLetterCode
    | SubmitProofDocument
    | ApproveProofDocument
    | RejectProofDocument
    | DeleteProofDocument
    | VouchForNeighbour
    | ReceiveVouch
)
ResidentCommand = AccountCommand | VerificationCommand
ClaimCommand = ClaimEmail | ReleaseEmail
