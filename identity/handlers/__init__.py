"""Identity's command handlers: load a stream, fold it, decide, append with the version read.

    handlers = IdentityHandlers(store, codec, keyring, clock, passwords, limiter, geocoder,
                                letters, proofs, new_code=new_code, hash_code=hash_code)
    registered = handlers.register(command_id, "ada@example.org", password, "Ada")

Every command names a `command_id` chosen by the caller. Event ids (and the ids of residents,
addresses, letters and documents) are derived from it with uuid5, so a retried command appends
nothing twice and answers as the first attempt did. Each method returns the position of the last
event it is about, for read-your-writes queries. Ports are passed in; nothing connects here.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, Self

from contracts.identity.events import DEFAULT_LANGUAGE
from contracts.pii import is_erased
from identity.commands import (
    ChangePassword,
    ChangeProfile,
    ClaimEmail,
    EraseResident,
    GrantRole,
    RegisterResident,
    ReleaseEmail,
    RevokeRole,
    SignIn,
)
from identity.domain import email_claim
from identity.domain import resident as domain
from identity.domain import state as resident_state
from identity.domain.email_claim import EmailClaim
from identity.domain.errors import AccountErased, CurrentPasswordWrong, InvalidCredentials
from identity.domain.state import Resident
from identity.handlers.base import HandlerBase
from identity.handlers.emails import AccountEmails
from identity.handlers.export import WITHHELD, exported_document
from identity.handlers.orphans import OrphanClaims
from identity.handlers.results import Registered, Session
from identity.handlers.verification import NIL, Verification
from identity.ports import (
    Geocoder,
    HasPoint,
    LetterBox,
    PasswordHasher,
    ProofStore,
    SignInLimiter,
    Verdict,
)
from services.eventstore.handling import Outcome, derived_id, event_id

# Every name callers imported from here before the split still comes from here.
__all__ = [
    "NIL",
    "WITHHELD",
    "Geocoder",
    "HasPoint",
    "IdentityHandlers",
    "LetterBox",
    "Outcome",
    "PasswordHasher",
    "ProofStore",
    "Registered",
    "Session",
    "SignInLimiter",
    "Verdict",
    "derived_id",
    "event_id",
]


class IdentityHandlers(HandlerBase):
    """Every identity command: the account ones and the export here, the others from Verification,
    OrphanClaims and AccountEmails (`emails`), run on these handlers' streams and ports."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._attach()

    def correlated(self, correlation_id: object) -> Self:
        handlers = super().correlated(correlation_id)
        handlers._attach()  # the parts run on the copy, with its correlation
        return handlers

    def _attach(self) -> None:
        verification, orphans = Verification(self), OrphanClaims(self)
        self.emails = AccountEmails(self)
        self.declare_address = verification.declare_address
        self.request_letter = verification.request_letter
        self.enter_letter_code = verification.enter_letter_code
        self.discard_letters = verification.discard_letters
        self.discard_spent_letters = verification.discard_spent_letters
        self.submit_proof_document = verification.submit_proof_document
        self.approve_proof_document = verification.approve_proof_document
        self.reject_proof_document = verification.reject_proof_document
        self.delete_proof_document = verification.delete_proof_document
        self.delete_due_proof_documents = verification.delete_due_proof_documents
        self.proof_document_for_review = verification.proof_document_for_review
        self.vouch = verification.vouch
        self.release_orphan_claims = orphans.release_orphan_claims

    def register(
        self,
        command_id: uuid.UUID,
        email: str,
        password: str,
        display_name: str,
        language: str = DEFAULT_LANGUAGE,
    ) -> Registered:
        """Claim the e-mail address, then record the resident. Raises EmailTaken, InvalidEmail,
        InvalidProfile, UnsupportedLanguage or PasswordTooWeak."""
        domain.check_password(password, email)
        at = self._clock()
        resident_id = derived_id(command_id, "resident")
        command = RegisterResident(
            command_id,
            resident_id,
            email,
            display_name,
            self._passwords.hash(password),
            at,
            language,
            self.emails.new_link(command_id, resident_id),
        )
        # Refuse bad input, and any event that cannot be stored, before the e-mail is claimed.
        self._rehearse_resident(resident_id, command_id, lambda s: domain.decide(command, s))
        claim = ClaimEmail(command_id, resident_id, email, at)
        self._execute(
            email_claim.email_claim_stream(email),
            command_id,
            f"resident:{resident_id}",
            EmailClaim(),
            email_claim.evolve_claim,
            lambda state: email_claim.decide_claim(claim, state),
        )
        self._check_still_claimed(email, resident_id)
        outcome = self._on_resident(
            resident_id, command_id, None, lambda s: domain.decide(command, s)
        )
        return Registered(resident_id, outcome.position)

    def sign_in(self, email: str, password: str, source: str, device: str | None = None) -> Session:
        """A session for the resident, or InvalidCredentials (whatever was wrong) or
        TooManySignInAttempts (see ratelimit.py; `device`: the browser's token, if any)."""
        account = email_claim.email_key(email)
        self._throttled(account, source, device)
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
            self._limiter.record_failure(account, source, device)
            raise InvalidCredentials("wrong e-mail or password") from None
        self._limiter.record_success(account, source, device)
        recorded = self._store.read_stream(resident_state.resident_stream(state.resident_id))
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
        device: str | None = None,
    ) -> str | None:
        """Raises CurrentPasswordWrong (counted as a failed sign-in), PasswordTooWeak or
        TooManySignInAttempts."""
        before = self.resident(resident_id)
        email = before.email if not is_erased(before.email) else ""
        domain.check_password(new, email)
        account = email_claim.email_key(email)
        self._throttled(account, source, device)
        new_hash = self._passwords.hash(new)
        at = self._clock()

        def decide(state: Resident) -> Sequence[Any]:
            stored = state.password_hash if state.password_hash else None
            matches = self._passwords.verify_or_dummy(stored, current)
            return domain.decide(
                ChangePassword(command_id, resident_id, matches, new_hash, at), state
            )

        try:
            return self._on_resident(resident_id, command_id, None, decide).position
        except CurrentPasswordWrong:
            self._limiter.record_failure(account, source, device)
            raise

    def change_profile(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        display_name: str,
        phone: str | None,
        address_disclosure: str = "street",
        language: str | None = None,
    ) -> str | None:
        """`language` None keeps the resident's. Raises InvalidProfile or UnsupportedLanguage."""
        command = ChangeProfile(
            command_id,
            resident_id,
            display_name,
            phone,
            address_disclosure,
            self._clock(),
            language,
        )
        return self.run(command)

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
        command = GrantRole(
            command_id, resident_id, role, actor, neighbourhood_id, self.is_operator(actor),
            self._clock(),
        )  # fmt: skip
        return self.run(command, actor)

    def revoke_role(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        role: str,
        neighbourhood_id: uuid.UUID | None,
        actor: str,
    ) -> str | None:
        command = RevokeRole(
            command_id, resident_id, role, actor, neighbourhood_id, self.is_operator(actor),
            self._clock(),
        )  # fmt: skip
        return self.run(command, actor)

    def erase(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        actor: str,
        password: str | None = None,
        source: str = "",
        device: str | None = None,
    ) -> str | None:
        """Forget the resident: release their e-mail, record the erasure, destroy their key and
        their documents. Idempotent. With `password` (their own erasure) it is checked first,
        throttled as a sign-in: CurrentPasswordWrong or TooManySignInAttempts erase nothing."""
        at = self._clock()
        state = self.resident(resident_id)
        by_resident = password is not None and actor == f"resident:{resident_id}"
        command = EraseResident(
            command_id, resident_id, actor, self.is_operator(actor), by_resident, at
        )
        domain.decide(command, state)  # its refusals (not an operator) before anything changes
        if password is not None:
            self._reauthenticate(state, password, source, device)
        if state.registered and not state.erased and not is_erased(state.email):
            release = ReleaseEmail(command_id, resident_id, at)
            self._execute(
                email_claim.email_claim_stream(state.email),
                command_id,
                actor,
                EmailClaim(),
                email_claim.evolve_claim,
                lambda claim: email_claim.decide_claim(release, claim),
            )
        outcome = self._on_resident(
            resident_id, command_id, actor, lambda s: domain.decide(command, s)
        )
        self._keyring.erase(str(resident_id))
        self._proofs.delete_resident(str(resident_id))
        self.discard_letters(state)
        return outcome.position

    def export(self, resident_id: uuid.UUID) -> dict[str, Any]:
        """Everything held about the resident, as one JSON-ready document (handlers/export.py)."""
        return exported_document(self, resident_id)
