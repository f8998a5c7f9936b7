"""Every refusal the identity domain declares is raised by it: one given/when/then per code
(given the resident's events, when a command, then the error naming that refusal), and a check
that no refusal of the domain's errors is left without its row.

The e-mail claim is decided on its own stream (decide_claim), and a document shown to a reviewer
by a check of the domain (document_to_review): their rows name how they are decided. Refusals
the domain declares but never decides are listed in ELSEWHERE with who raises them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from contracts.identity.events import (
    AddressVerified,
    EmailClaimed,
    EmailConfirmationRequested,
    EmailConfirmed,
    LetterCodeAttemptFailed,
    PasswordResetCompleted,
    PasswordResetRequested,
    ProofDocumentApproved,
    ProofDocumentSubmitted,
    ResidentErased,
    VouchGiven,
)
from identity.commands import (
    ApproveProofDocument,
    ChangePassword,
    ChangeProfile,
    ClaimEmail,
    ConfirmEmail,
    DeclareAddress,
    DeleteProofDocument,
    EnterLetterCode,
    GrantRole,
    Link,
    PostLetter,
    ReceiveVouch,
    RegisterResident,
    RejectProofDocument,
    RequestEmailConfirmation,
    ResetPassword,
    Reviewer,
    SignIn,
    SubmitProofDocument,
    Vouchee,
    VouchForNeighbour,
)
from identity.domain import errors
from identity.domain.email_claim import EmailClaim, decide_claim, evolve_claim
from identity.domain.resident import decide
from identity.domain.review import document_to_review
from identity.domain.state import PostalAddress, Resident, fold
from tests.support.refusals_raised import Row, assert_complete, rows
from tests.unit.identity import (
    HOME,
    OPS,
    T0,
    days,
    declared,
    metres_north,
    posted,
    registered,
    verified_at,
)

RID, AID, LID, DID, OTHER, HOOD = (uuid.uuid4() for _ in range(6))
LILAS = PostalAddress("3 rue des Lilas", "75004", "Paris", "FR")
MiB = 1024 * 1024
OPERATOR = Reviewer(OTHER, True, frozenset())
NOBODY = Reviewer(OTHER, False, frozenset())


def cid() -> uuid.UUID:
    return uuid.uuid4()


row = rows(decide, fold)


def claim(events: list[Any]) -> EmailClaim:
    state = EmailClaim()
    for event in events:
        state = evolve_claim(state, event)
    return state


def review_check(reviewer: Reviewer) -> Callable[[Any, Resident], object]:
    return lambda document_id, state: document_to_review(reviewer, state, document_id)


LIVE = registered(RID)
HOME_DECLARED = [*LIVE, declared(RID, AID)]
LETTER_POSTED = [*HOME_DECLARED, posted(RID, LID, AID)]
UNLOCATED = [*LIVE, declared(RID, AID, None)]
SUBMITTED = [*HOME_DECLARED, ProofDocumentSubmitted(RID, DID, AID, "application/pdf", 1000, T0)]
DECIDED = [*SUBMITTED, ProofDocumentApproved(RID, DID, OTHER, None, T0, T0 + days(183))]
VOUCHER = verified_at(RID, AID)
NEIGHBOURS_HOME = uuid.uuid4()
NEIGHBOUR = Vouchee(OTHER, True, False, NEIGHBOURS_HOME, metres_north(HOME, 100), False)


def vouch(vouchee: Vouchee = NEIGHBOUR) -> VouchForNeighbour:
    return VouchForNeighbour(cid(), RID, vouchee, T0)


def approve(reviewer: Reviewer = OPERATOR, reason: str | None = None) -> ApproveProofDocument:
    return ApproveProofDocument(cid(), RID, DID, reviewer, frozenset(), reason, T0)


def letter(code_hash: str = "hash-of-right-code", at: Any = T0, letter_id: Any = LID) -> Any:
    return EnterLetterCode(cid(), RID, letter_id, code_hash, at)


LINK = Link(uuid.uuid4(), "token", "a" * 64)
CONFIRMATION = EmailConfirmationRequested(
    RID, LINK.link_id, LINK.token_hash, LINK.token, T0 + days(2), T0
)
NEWER = EmailConfirmationRequested(RID, uuid.uuid4(), "b" * 64, "other", T0 + days(2), T0)
CONFIRMED = [*LIVE, CONFIRMATION, EmailConfirmed(RID, LINK.link_id, T0)]


def reset_used() -> list[Any]:
    return [
        PasswordResetRequested(
            RID, LINK.link_id, LINK.token_hash, LINK.token, T0 + days(1), "fr", T0
        ),
        PasswordResetCompleted(RID, LINK.link_id, T0),
    ]


def confirm(at: Any = T0, token_hash: str = LINK.token_hash) -> ConfirmEmail:
    return ConfirmEmail(cid(), RID, token_hash, at)


ROWS: dict[str, Row] = {
    "account_erased": row(
        [*LIVE, ResidentErased(RID, T0)], ChangeProfile(cid(), RID, "Ada", None, "street", T0)
    ),
    "not_registered": row((), ChangeProfile(cid(), RID, "Ada", None, "street", T0)),
    "invalid_email": row((), RegisterResident(cid(), RID, "not-an-address", "Ada", "h", T0)),
    "email_taken": row(
        [EmailClaimed(OTHER, "ada@example.org", T0)],
        ClaimEmail(cid(), RID, "ada@example.org", T0),
        decide_claim,
        claim,
    ),
    "password_too_weak": row((), RegisterResident(cid(), RID, "ada@example.org", "Ada", "", T0)),
    "invalid_profile": row(LIVE, ChangeProfile(cid(), RID, " ", None, "street", T0)),
    "unsupported_language": row(LIVE, ChangeProfile(cid(), RID, "Ada", None, "street", T0, "de")),
    "invalid_credentials": row(LIVE, SignIn(RID, False, T0)),
    "current_password_wrong": row(LIVE, ChangePassword(cid(), RID, False, "argon2:new", T0)),
    "not_allowed": row(
        LIVE, GrantRole(cid(), RID, "operator", f"resident:{OTHER}", None, False, T0)
    ),
    "unknown_role": row(LIVE, GrantRole(cid(), RID, "admin", OPS, None, True, T0)),
    "role_needs_neighbourhood": row(LIVE, GrantRole(cid(), RID, "moderator", OPS, None, True, T0)),
    "role_is_platform_wide": row(LIVE, GrantRole(cid(), RID, "operator", OPS, HOOD, True, T0)),
    "address_incomplete": row(
        LIVE, DeclareAddress(cid(), RID, AID, PostalAddress(" ", "", "", "F"), HOME, False, T0)
    ),
    "address_unknown": row(LIVE, DeclareAddress(cid(), RID, AID, LILAS, None, False, T0)),
    "no_address_declared": row(LIVE, PostLetter(cid(), RID, LID, "h", T0)),
    "address_already_verified": row(VOUCHER, PostLetter(cid(), RID, LID, "h", T0)),
    "address_not_located": row(UNLOCATED, PostLetter(cid(), RID, LID, "h", T0)),
    "too_many_letters": row(
        [*HOME_DECLARED, *(posted(RID, uuid.uuid4(), AID, at=T0 + days(i)) for i in range(3))],
        PostLetter(cid(), RID, LID, "h", T0 + days(3)),
    ),
    "too_many_letter_addresses": row(
        [
            *LIVE,
            *(
                e
                for i in range(3)
                for a in [uuid.uuid4()]
                for e in (
                    declared(RID, a, line=f"{i} rue des Lilas", at=T0 + days(i)),
                    posted(RID, uuid.uuid4(), a, at=T0 + days(i)),
                )
            ),
            declared(RID, AID, line="9 avenue Foch", at=T0 + days(3)),
        ],
        PostLetter(cid(), RID, LID, "h", T0 + days(3)),
    ),
    "no_letter_posted": row(HOME_DECLARED, letter()),
    "code_for_another_letter": row(LETTER_POSTED, letter(letter_id=uuid.uuid4())),
    "code_expired": row(LETTER_POSTED, letter(at=T0 + days(30))),
    "too_many_attempts": row(
        [*LETTER_POSTED, *(LetterCodeAttemptFailed(RID, LID, n, T0) for n in (1, 2, 3, 4, 5))],
        letter("hash-of-wrong-code"),
    ),
    "wrong_code": row(LETTER_POSTED, letter("hash-of-wrong-code")),
    "unsupported_document_type": row(
        HOME_DECLARED, SubmitProofDocument(cid(), RID, DID, "text/html", 1000, T0)
    ),
    "document_too_large": row(
        HOME_DECLARED, SubmitProofDocument(cid(), RID, DID, "application/pdf", 5 * MiB + 1, T0)
    ),
    "unknown_document": row(HOME_DECLARED, approve()),
    "document_already_decided": row(DECIDED, approve()),
    "document_for_another_address": row(
        [*SUBMITTED, declared(RID, uuid.uuid4(), line="9 avenue Foch")], approve()
    ),
    "not_allowed_to_review": row(SUBMITTED, approve(NOBODY)),
    "cannot_review_own_document": row(SUBMITTED, approve(Reviewer(RID, True, frozenset()))),
    "reason_required": row(
        SUBMITTED, RejectProofDocument(cid(), RID, DID, OPERATOR, frozenset(), "  ", T0)
    ),
    "reason_too_long": row(SUBMITTED, approve(reason="x" * 2001)),
    "document_still_under_review": row(SUBMITTED, DeleteProofDocument(cid(), RID, DID, T0)),
    "document_retention_not_over": row(DECIDED, DeleteProofDocument(cid(), RID, DID, T0)),
    "document_not_under_review": row(DECIDED, DID, review_check(OPERATOR)),
    "unknown_resident": row(VOUCHER, vouch(Vouchee(OTHER, False, False, None, None, False))),
    "cannot_vouch_for_yourself": row(VOUCHER, vouch(Vouchee(RID, True, False, AID, HOME, False))),
    "voucher_not_verified": row(HOME_DECLARED, vouch()),
    "voucher_verified_by_vouches": row(
        [*HOME_DECLARED, AddressVerified(RID, AID, "vouches", None, T0)], vouch()
    ),
    "voucher_too_far": row(
        VOUCHER, vouch(Vouchee(OTHER, True, False, uuid.uuid4(), metres_north(HOME, 900), False))
    ),
    "vouch_limit_reached": row(
        [*VOUCHER, *(VouchGiven(RID, uuid.uuid4(), uuid.uuid4(), T0) for _ in range(5))], vouch()
    ),
    "already_vouched": row(
        [*VOUCHER, VouchGiven(RID, OTHER, NEIGHBOURS_HOME, T0)],
        vouch(),
    ),
    "vouch_for_another_address": row(
        HOME_DECLARED, ReceiveVouch(cid(), RID, OTHER, uuid.uuid4(), T0)
    ),
    "account_token_unknown": row([*LIVE, CONFIRMATION], confirm(token_hash="c" * 64)),
    "account_token_expired": row([*LIVE, CONFIRMATION], confirm(at=T0 + days(3))),
    "account_token_superseded": row([*LIVE, CONFIRMATION, NEWER], confirm()),
    "account_token_used": row(
        [*LIVE, *reset_used()],
        ResetPassword(cid(), RID, LINK.token_hash, "argon2:new", T0),
    ),
    "email_already_confirmed": row(CONFIRMED, RequestEmailConfirmation(cid(), RID, LINK, T0)),
    "too_many_confirmation_requests": row(
        [*LIVE, *(CONFIRMATION for _ in range(5))], RequestEmailConfirmation(cid(), RID, LINK, T0)
    ),
}
# Declared by the domain's errors, raised outside any decision, with who raises them instead.
ELSEWHERE = {
    # The sign-in limiter's verdict (adapters/ratelimit.py), read by the handlers before any
    # password is checked: it depends on failures counted outside the log.
    "too_many_sign_in_attempts": "identity/handlers (HandlerBase._throttled)",
}


@pytest.mark.parametrize("code", sorted(ROWS))
def test_the_domain_raises_each_of_its_refusals(code: str) -> None:
    assert ROWS[code].refused_code(errors.IdentityError) == code


def test_every_refusal_of_the_domain_has_its_row_or_says_who_raises_it() -> None:
    assert_complete(ROWS, ELSEWHERE, errors.IdentityError, errors)
