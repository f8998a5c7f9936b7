"""The e-mail claim: who holds an e-mail address, so that no two residents register the same one.

Its stream id is derived from the address (DESIGN "Streams"), so a second claim meets the first
under an expected version.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from contracts.identity.events import EmailClaimed, EmailClaimEvent, EmailReleased
from contracts.identity.events import email_key as email_key  # one rule, also the gateway's
from identity.commands import ClaimCommand, ClaimEmail, ReleaseEmail
from identity.domain.errors import EmailTaken

# Fixed forever: changing it would let every e-mail address be registered a second time.
EMAIL_NAMESPACE = uuid.UUID("3d0f6c1e-8a52-5b1f-9c47-6e2a9d4b7f10")


def email_claim_id(email: str) -> uuid.UUID:
    return uuid.uuid5(EMAIL_NAMESPACE, email_key(email))


def email_claim_stream(email: str) -> str:
    return f"identity.email-{email_claim_id(email)}"


@dataclass(frozen=True)
class EmailClaim:
    """Who holds an e-mail address. Released once its holder is erased."""

    resident_id: uuid.UUID | None = None
    released: bool = False

    @property
    def held(self) -> bool:
        return self.resident_id is not None and not self.released


def evolve_claim(state: EmailClaim, event: EmailClaimEvent) -> EmailClaim:
    match event:
        case EmailClaimed():
            return EmailClaim(resident_id=event.resident_id)
        case EmailReleased():
            return replace(state, released=True)
    return state


def decide_claim(command: ClaimCommand, state: EmailClaim) -> list[EmailClaimEvent]:
    """Who may hold an e-mail address: first come, until they are erased."""
    match command:
        case ClaimEmail():
            if state.held and state.resident_id == command.resident_id:
                return []
            if state.held:
                raise EmailTaken("this e-mail address is already registered")
            return [EmailClaimed(command.resident_id, command.email.strip(), command.at)]
        case ReleaseEmail():
            if not state.held or state.resident_id != command.resident_id:
                return []
            return [EmailReleased(command.resident_id, command.at)]
    raise TypeError(f"not an e-mail claim command: {type(command).__name__}")
