"""Identity's handlers of the account's e-mails: the link that confirms the e-mail address, the
link that resets the password. Part of IdentityHandlers.

The handlers draw each link's secret; the mail itself is the notifications service's, which
reads the sealed token from the request's event.
"""

from __future__ import annotations

import uuid

from contracts.pii import is_erased
from identity.commands import (
    ConfirmEmail,
    Link,
    RequestEmailConfirmation,
    RequestPasswordReset,
    ResetPassword,
)
from identity.domain import resident as domain
from identity.domain.errors import AccountTokenUnknown
from identity.domain.links import hash_token, resident_of_token, token_for
from identity.domain.state import Resident
from identity.handlers.base import HandlerBase
from identity.handlers.results import Confirmed
from services.eventstore.handling import derived_id

# Decided first with this stand-in, so that a link that cannot be used costs no password hash.
_NOT_YET_HASHED = "-"


class AccountEmails:
    """The commands on the account's links, run on the identity handlers' streams and ports."""

    def __init__(self, core: HandlerBase) -> None:
        self._core = core

    def new_link(self, command_id: uuid.UUID, resident_id: uuid.UUID) -> Link:
        token = token_for(resident_id, self._core._new_token())
        return Link(derived_id(command_id, "link"), token, hash_token(token))

    def request_email_confirmation(
        self, command_id: uuid.UUID, resident_id: uuid.UUID
    ) -> str | None:
        """Send the confirmation link again. Raises EmailAlreadyConfirmed or
        TooManyConfirmationRequests."""
        link = self.new_link(command_id, resident_id)
        command = RequestEmailConfirmation(command_id, resident_id, link, self._core._clock())
        return self._core.run(command)

    def confirm_email(self, command_id: uuid.UUID, token: str) -> Confirmed:
        """Confirm the address the link was sent to; again, confirms nothing more. Raises
        AccountTokenUnknown, AccountTokenExpired or AccountTokenSuperseded."""
        resident_id = self._resident(token)
        command = ConfirmEmail(command_id, resident_id, hash_token(token), self._core._clock())
        return Confirmed(resident_id, self._core.run(command))

    def request_password_reset(self, command_id: uuid.UUID, email: str) -> None:
        """Send a reset link to the account holding `email`, if any: what the caller sees is the
        same either way, and so is the work done up to the append."""
        claim = self._core._claim(email)
        resident_id = claim.resident_id if claim.held and claim.resident_id else uuid.uuid4()
        link = self.new_link(command_id, resident_id)
        state = self._core.resident(resident_id)
        if not state.registered or state.erased:
            return
        self._core.run(RequestPasswordReset(command_id, resident_id, link, self._core._clock()))

    def reset_password(self, command_id: uuid.UUID, token: str, password: str) -> Confirmed:
        """Set a new password (the sign-up's rules) with a reset link. Raises
        AccountTokenUnknown, AccountTokenExpired, AccountTokenUsed, AccountTokenSuperseded or
        PasswordTooWeak."""
        resident_id = self._resident(token)
        token_hash = hash_token(token)
        at = self._core._clock()
        state = self._core.resident(resident_id)
        domain.decide(
            ResetPassword(command_id, resident_id, token_hash, _NOT_YET_HASHED, at), state
        )
        domain.check_password(password, "" if is_erased(state.email) else state.email)
        new_hash = self._core._passwords.hash(password)
        command = ResetPassword(command_id, resident_id, token_hash, new_hash, at)
        return Confirmed(resident_id, self._core.run(command))

    def _resident(self, token: str) -> uuid.UUID:
        resident_id = resident_of_token(token)
        if resident_id is None or not _live(self._core.resident(resident_id)):
            raise AccountTokenUnknown("no link with this token")
        return resident_id


def _live(state: Resident) -> bool:
    return state.registered and not state.erased
