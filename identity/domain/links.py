"""The single-use links of a resident's account, as their events leave them: each link sent
to confirm the e-mail address or to reset the password, whether it was used, and whether the
address is confirmed. Part of the resident's state (state.py)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from contracts.identity.events import (
    EmailConfirmationRequested,
    EmailConfirmed,
    PasswordResetCompleted,
    PasswordResetRequested,
)

CONFIRMATION = "email_confirmation"
RESET = "password_reset"

LinkEvent = (
    EmailConfirmationRequested | EmailConfirmed | PasswordResetRequested | PasswordResetCompleted
)


@dataclass(frozen=True)
class SentLink:
    kind: str
    link_id: uuid.UUID
    token_hash: str
    sent_at: datetime
    expires_at: datetime
    used: bool = False


@dataclass(frozen=True)
class AccountLinks:
    email_confirmed: bool = False
    sent: tuple[SentLink, ...] = ()

    def latest(self, kind: str) -> SentLink | None:
        """Only the latest link of a kind can be used: a new request supersedes the others."""
        return next((x for x in reversed(self.sent) if x.kind == kind), None)

    def with_hash(self, kind: str, token_hash: str) -> SentLink | None:
        return next((x for x in self.sent if x.kind == kind and x.token_hash == token_hash), None)

    def requests_since(self, kind: str, since: datetime) -> tuple[datetime, ...]:
        return tuple(x.sent_at for x in self.sent if x.kind == kind and x.sent_at > since)


def evolve_links(links: AccountLinks, event: LinkEvent) -> AccountLinks:
    match event:
        case EmailConfirmationRequested():
            return _sent(links, CONFIRMATION, event.request_id, event.token_hash, event)
        case PasswordResetRequested():
            return _sent(links, RESET, event.reset_id, event.token_hash, event)
        case EmailConfirmed():
            return replace(_used(links, event.request_id), email_confirmed=True)
        case PasswordResetCompleted():
            return _used(links, event.reset_id)
    return links


def _sent(
    links: AccountLinks,
    kind: str,
    link_id: uuid.UUID,
    token_hash: str,
    event: EmailConfirmationRequested | PasswordResetRequested,
) -> AccountLinks:
    link = SentLink(kind, link_id, token_hash, event.requested_at, event.expires_at)
    return replace(links, sent=(*links.sent, link))


def _used(links: AccountLinks, link_id: uuid.UUID) -> AccountLinks:
    sent = tuple(replace(x, used=True) if x.link_id == link_id else x for x in links.sent)
    return replace(links, sent=sent)


def token_for(resident_id: uuid.UUID, secret: str) -> str:
    """A link's token: whose account it is about, then the random secret. The resident's id in
    clear lets the link be checked on their own stream, at once (docs/decisions/0029)."""
    return f"{resident_id.hex}.{secret}"


def resident_of_token(token: str) -> uuid.UUID | None:
    """The resident a token names, or None for a token not shaped as ours."""
    head, dot, secret = token.partition(".")
    if not dot or not secret or len(head) != 32:
        return None
    try:
        return uuid.UUID(hex=head)
    except ValueError:
        return None


def hash_token(token: str) -> str:
    """What the log keeps to check a token: its SHA-256. The secret has 256 random bits, so no
    slow hash is needed to keep it from being guessed back."""
    return hashlib.sha256(token.encode()).hexdigest()
