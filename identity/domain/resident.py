"""The identity context's domain: residents, their accounts and the proof of where they live.

    state = fold(events)                 # or evolve(state, event), one at a time
    events = decide(command, state)      # raises an IdentityError named after the rule

Pure: no I/O, no clock, no randomness. Time, ids, hashes and what was read from other streams
come in the command. The resident's stream, state and evolve are in state.py, address
verification in verification.py and vouching.py, the e-mail claim in email_claim.py, errors in
errors.py.
"""

from __future__ import annotations

import re
from dataclasses import replace

from contracts.identity import refusals
from contracts.identity.events import (
    DISCLOSURE_LEVELS,
    LANGUAGES,
    ROLES,
    IdentityEvent,
    LanguageChanged,
    PasswordChanged,
    ProfileChanged,
    ProofDocumentDeleted,
    ResidentErased,
    ResidentRegistered,
    RoleGranted,
    RoleRevoked,
)
from identity.commands import (
    ApproveProofDocument,
    ChangePassword,
    ChangeProfile,
    ConfirmEmail,
    DeclareAddress,
    DeleteProofDocument,
    EnterLetterCode,
    EraseResident,
    GrantRole,
    PostLetter,
    ReceiveVouch,
    RegisterResident,
    RejectProofDocument,
    RequestEmailConfirmation,
    RequestPasswordReset,
    ResetPassword,
    ResidentCommand,
    RevokeRole,
    SignIn,
    SubmitProofDocument,
    VouchForNeighbour,
)
from identity.domain import account_emails
from identity.domain.email_claim import email_key
from identity.domain.errors import (
    AccountErased,
    CurrentPasswordWrong,
    InvalidCredentials,
    InvalidEmail,
    InvalidProfile,
    NotAnOperator,
    NotRegistered,
    PasswordTooWeak,
    RoleIsPlatformWide,
    RoleNeedsNeighbourhood,
    UnknownRole,
    UnsupportedLanguage,
)
from identity.domain.passwords import COMMON_PASSWORDS
from identity.domain.state import Resident
from identity.domain.verification import (
    approve_proof_document,
    declare_address,
    delete_proof_document,
    enter_letter_code,
    post_letter,
    reject_proof_document,
    submit_proof_document,
)
from identity.domain.vouching import receive_vouch, vouch_for_neighbour

MIN_PASSWORD = int(refusals.PASSWORD_TOO_WEAK.limits["min_length"])
MAX_PASSWORD = int(refusals.PASSWORD_TOO_WEAK.limits["max_length"])
MAX_DISPLAY_NAME = int(refusals.INVALID_PROFILE.limits["max_display_name"])
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 .-]{5,24}$")


def decide(command: ResidentCommand, state: Resident) -> list[IdentityEvent]:
    """The events that `command` leads to, given the resident's `state`.

    SignIn records nothing when it succeeds: it only says whether this resident may sign in.
    """
    match command:
        case RegisterResident():
            return _register(command, state)
        case SignIn():
            return _sign_in(command, state)
        case EraseResident():
            return _erase(command, state)
        case GrantRole() | RevokeRole():
            _operator_only(command)  # before anything is said about the resident
    _live(state)
    match command:
        case ChangePassword():
            return _change_password(command, state)
        case ChangeProfile():
            return _change_profile(command, state)
        case GrantRole():
            return _grant_role(command, state)
        case RevokeRole():
            return _revoke_role(command, state)
        case DeclareAddress():
            return declare_address(command, state)
        case PostLetter():
            return post_letter(command, state)
        case EnterLetterCode():
            return enter_letter_code(command, state)
        case SubmitProofDocument():
            return submit_proof_document(command, state)
        case ApproveProofDocument():
            return approve_proof_document(command, state)
        case RejectProofDocument():
            return reject_proof_document(command, state)
        case DeleteProofDocument():
            return delete_proof_document(command, state)
        case VouchForNeighbour():
            return vouch_for_neighbour(command, state)
        case ReceiveVouch():
            return receive_vouch(command, state)
        case RequestEmailConfirmation():
            return account_emails.request_email_confirmation(command, state)
        case ConfirmEmail():
            return account_emails.confirm_email(command, state)
        case RequestPasswordReset():
            return account_emails.request_password_reset(command, state)
        case ResetPassword():
            return account_emails.reset_password(command, state)
    raise TypeError(f"not an identity command: {type(command).__name__}")


def check_password(password: str, email: str) -> None:
    """Refuse a password too easy to guess, before it is hashed (the clear text goes no further)."""
    if len(password) < MIN_PASSWORD:
        raise PasswordTooWeak(f"a password has at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise PasswordTooWeak(f"a password has at most {MAX_PASSWORD} characters")
    plain = password.strip().casefold()
    if plain == email_key(email) or len(set(password)) < 3 or plain in COMMON_PASSWORDS:
        raise PasswordTooWeak("this password is too easy to guess")


def check_can_sign_in(state: Resident) -> None:
    """Refusals that need no password: asked before the (costly) hash is verified."""
    if state.erased:
        raise AccountErased("this account was erased")
    if not state.registered:
        raise InvalidCredentials("wrong e-mail or password")


def _live(state: Resident) -> None:
    if state.erased:
        raise AccountErased("this account was erased")
    if not state.registered:
        raise NotRegistered("no resident is registered under this id")


def _register(command: RegisterResident, state: Resident) -> list[IdentityEvent]:
    if state.erased:
        raise AccountErased("this account was erased")
    if state.registered:
        return []
    email = command.email.strip()
    if len(email) > 254 or not EMAIL_RE.match(email):
        raise InvalidEmail("this is not an e-mail address")
    name = _display_name(command.display_name)
    language = _language(command.language)
    if not command.password_hash:
        raise PasswordTooWeak("a password is required")
    events: list[IdentityEvent] = [
        ResidentRegistered(command.resident_id, email, name, command.at, language),
        PasswordChanged(command.resident_id, command.password_hash, command.at),
    ]
    if command.confirmation is not None:
        registered = replace(state, resident_id=command.resident_id)
        link = command.confirmation
        events += account_emails.confirmation_requested(registered, link, command.at)
    return events


def _sign_in(command: SignIn, state: Resident) -> list[IdentityEvent]:
    check_can_sign_in(state)
    if not command.password_matches:
        raise InvalidCredentials("wrong e-mail or password")
    return []


def _change_password(command: ChangePassword, state: Resident) -> list[IdentityEvent]:
    if not command.current_password_matches:
        raise CurrentPasswordWrong("the current password is wrong")
    if not command.new_password_hash:
        raise PasswordTooWeak("a password is required")
    return [PasswordChanged(command.resident_id, command.new_password_hash, command.at)]


def _display_name(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= MAX_DISPLAY_NAME:
        raise InvalidProfile(f"a display name has 1 to {MAX_DISPLAY_NAME} characters")
    return name


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise UnsupportedLanguage(f"a language is one of {', '.join(LANGUAGES)}")
    return language


def _change_profile(command: ChangeProfile, state: Resident) -> list[IdentityEvent]:
    name = _display_name(command.display_name)
    phone = command.phone.strip() if command.phone and command.phone.strip() else None
    if phone is not None and not PHONE_RE.match(phone):
        raise InvalidProfile("a phone number has digits, spaces, dots or dashes, and may start +")
    if command.address_disclosure not in DISCLOSURE_LEVELS:
        raise InvalidProfile(f"address disclosure is one of {', '.join(DISCLOSURE_LEVELS)}")
    language = state.language if command.language is None else _language(command.language)
    events: list[IdentityEvent] = []
    if (state.display_name, state.phone, state.address_disclosure) != (
        name,
        phone,
        command.address_disclosure,
    ):
        events.append(
            ProfileChanged(command.resident_id, name, phone, command.address_disclosure, command.at)
        )
    if language != state.language:
        events.append(LanguageChanged(command.resident_id, language, command.at))
    return events


def _check_role(role: str, neighbourhood_id: object) -> None:
    if role not in ROLES:
        raise UnknownRole(f"roles that can be granted: {', '.join(ROLES)}")
    if role == "moderator" and neighbourhood_id is None:
        raise RoleNeedsNeighbourhood("a moderator moderates one neighbourhood: name it")
    if role == "operator" and neighbourhood_id is not None:
        raise RoleIsPlatformWide("an operator acts on the whole platform, not one neighbourhood")


def _operator_only(command: GrantRole | RevokeRole | EraseResident) -> None:
    if not command.by_operator:
        raise NotAnOperator("only an operator may do this")


def _grant_role(command: GrantRole, state: Resident) -> list[IdentityEvent]:
    _check_role(command.role, command.neighbourhood_id)
    if (command.role, command.neighbourhood_id) in state.roles:
        return []
    return [RoleGranted(command.resident_id, command.role, command.neighbourhood_id, command.at)]


def _revoke_role(command: RevokeRole, state: Resident) -> list[IdentityEvent]:
    _check_role(command.role, command.neighbourhood_id)
    if (command.role, command.neighbourhood_id) not in state.roles:
        return []
    return [RoleRevoked(command.resident_id, command.role, command.neighbourhood_id, command.at)]


def _erase(command: EraseResident, state: Resident) -> list[IdentityEvent]:
    if not command.by_resident:
        _operator_only(command)
    if state.erased:
        return []
    if not state.registered:
        raise NotRegistered("no resident is registered under this id")
    kept = [d for d in state.documents if not d.deleted]
    deleted: list[IdentityEvent] = [
        ProofDocumentDeleted(command.resident_id, d.document_id, command.at) for d in kept
    ]
    return [*deleted, ResidentErased(command.resident_id, command.at)]
