"""Commands of the identity context, as the domain decides on them.

Nothing secret or random is computed by the domain: a command carries the time, the ids, the
hashes (of a password, of a letter's code) and the facts the handler read elsewhere (the
geocoder's answer, a reviewer's roles, a neighbour's address). A clear password or code never
reaches a command.

Every command carries its `command_id`, chosen by the caller: the ids of the events (and of the
resident, address, letter or document it creates) are derived from it, so a repeated command
appends nothing twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from contracts.identity.events import DEFAULT_LANGUAGE
from identity.commands.emails import ConfirmEmail as ConfirmEmail
from identity.commands.emails import EmailCommand
from identity.commands.emails import Link as Link
from identity.commands.emails import RequestEmailConfirmation as RequestEmailConfirmation
from identity.commands.emails import RequestPasswordReset as RequestPasswordReset
from identity.commands.emails import ResetPassword as ResetPassword
from identity.domain.state import Location, PostalAddress

# E-mail claim (stream identity.email-<uuid5>)


@dataclass(frozen=True)
class ClaimEmail:
    command_id: uuid.UUID
    resident_id: uuid.UUID
    email: str
    at: datetime


@dataclass(frozen=True)
class ReleaseEmail:
    command_id: uuid.UUID
    resident_id: uuid.UUID
    at: datetime


# Account (stream identity.resident-<id>)


@dataclass(frozen=True)
class RegisterResident:
    command_id: uuid.UUID
    resident_id: uuid.UUID
    email: str
    display_name: str
    password_hash: str
    at: datetime
    language: str = DEFAULT_LANGUAGE
    confirmation: Link | None = None  # the link that will confirm the e-mail address


@dataclass(frozen=True)
class SignIn:
    """Records nothing, so carries no command id."""

    resident_id: uuid.UUID
    password_matches: bool
    at: datetime


@dataclass(frozen=True)
class ChangePassword:
    command_id: uuid.UUID
    resident_id: uuid.UUID
    current_password_matches: bool
    new_password_hash: str
    at: datetime


@dataclass(frozen=True)
class ChangeProfile:
    """`language` None keeps the resident's language as it is."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    display_name: str
    phone: str | None
    address_disclosure: str
    at: datetime
    language: str | None = None


@dataclass(frozen=True)
class GrantRole:
    """`actor` is who grants ("resident:<id>" or "system:<name>"); `by_operator` what the
    handler read of them: a system actor (the command line, a policy) or a resident whose
    stream holds the operator role."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    role: str
    actor: str
    neighbourhood_id: uuid.UUID | None
    by_operator: bool
    at: datetime


@dataclass(frozen=True)
class RevokeRole:
    """As GrantRole."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    role: str
    actor: str
    neighbourhood_id: uuid.UUID | None
    by_operator: bool
    at: datetime


@dataclass(frozen=True)
class EraseResident:
    """By the resident themselves (`by_resident`: they typed their password again, which the
    handler checked) or, as for GrantRole, by an operator (`by_operator`)."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    actor: str
    by_operator: bool
    by_resident: bool
    at: datetime


# Home address and its verification


@dataclass(frozen=True)
class DeclareAddress:
    """`location` and `ban_id` are the geocoder's answer (where the door is, and which door of
    the address base it is); None when it does not know the address, which is then refused
    unless `manual_review` asks for it to be proven by a document."""

    command_id: uuid.UUID
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

    command_id: uuid.UUID
    resident_id: uuid.UUID
    letter_id: uuid.UUID
    code_hash: str
    at: datetime


@dataclass(frozen=True)
class EnterLetterCode:
    """`code_hash` is the entered code hashed as the letter's was: same scheme, salt `letter_id`."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    letter_id: uuid.UUID
    code_hash: str
    at: datetime


@dataclass(frozen=True)
class SubmitProofDocument:
    """`content_type` is what the content's first bytes say it is (None: not a known kind)."""

    command_id: uuid.UUID
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

    command_id: uuid.UUID
    resident_id: uuid.UUID
    document_id: uuid.UUID
    reviewer: Reviewer
    address_neighbourhoods: frozenset[uuid.UUID]
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class RejectProofDocument:
    command_id: uuid.UUID
    resident_id: uuid.UUID
    document_id: uuid.UUID
    reviewer: Reviewer
    address_neighbourhoods: frozenset[uuid.UUID]
    reason: str
    at: datetime


@dataclass(frozen=True)
class DeleteProofDocument:
    command_id: uuid.UUID
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

    command_id: uuid.UUID
    voucher_id: uuid.UUID
    vouchee: Vouchee
    at: datetime


@dataclass(frozen=True)
class ReceiveVouch:
    """Decided on the vouchee's stream, once the voucher's VouchGiven is recorded."""

    command_id: uuid.UUID
    vouchee_id: uuid.UUID
    voucher_id: uuid.UUID
    address_id: uuid.UUID
    at: datetime


AccountCommand = (
    RegisterResident | ChangePassword | ChangeProfile | GrantRole | RevokeRole | EraseResident
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
# What changes a resident's stream, by its command_id; a sign-in is only checked against it.
RecordedCommand = AccountCommand | VerificationCommand | EmailCommand
ResidentCommand = RecordedCommand | SignIn
ClaimCommand = ClaimEmail | ReleaseEmail
