"""Decisions on the account's e-mails: the link that confirms the e-mail address, the link
that resets the password.

A link is single-use and only the latest of its kind counts; it expires (the validity is the
refusal's limit). Confirming is idempotent: a link used again, or any link once the address is
confirmed, confirms nothing more and refuses nothing. A reset sets the new password and, as the
link reached the address, confirms the address too.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from contracts.identity import refusals
from contracts.identity.events import (
    EmailConfirmationRequested,
    EmailConfirmed,
    IdentityEvent,
    PasswordChanged,
    PasswordResetCompleted,
    PasswordResetRequested,
)
from identity.commands import (
    ConfirmEmail,
    Link,
    RequestEmailConfirmation,
    RequestPasswordReset,
    ResetPassword,
)
from identity.domain.errors import (
    AccountTokenExpired,
    AccountTokenSuperseded,
    AccountTokenUnknown,
    AccountTokenUsed,
    EmailAlreadyConfirmed,
    PasswordTooWeak,
    TooManyConfirmationRequests,
)
from identity.domain.links import CONFIRMATION, RESET, SentLink
from identity.domain.state import Resident

_EXPIRY = refusals.ACCOUNT_TOKEN_EXPIRED.limits
RESET_VALIDITY = timedelta(minutes=_EXPIRY["password_reset_minutes"])
CONFIRMATION_VALIDITY = timedelta(hours=_EXPIRY["email_confirmation_hours"])
_RESENDS = refusals.TOO_MANY_CONFIRMATION_REQUESTS.limits
MAX_CONFIRMATION_REQUESTS = int(_RESENDS["max_requests"])
CONFIRMATION_PERIOD = timedelta(hours=_RESENDS["period_hours"])


def confirmation_requested(
    state: Resident, link: Link, at: datetime
) -> list[EmailConfirmationRequested]:
    """The request of a confirmation link (at sign-up, or asked again)."""
    assert state.resident_id is not None
    return [
        EmailConfirmationRequested(
            state.resident_id,
            link.link_id,
            link.token_hash,
            link.token,
            at + CONFIRMATION_VALIDITY,
            at,
        )
    ]


def request_email_confirmation(
    command: RequestEmailConfirmation, state: Resident
) -> list[IdentityEvent]:
    if state.links.email_confirmed:
        raise EmailAlreadyConfirmed("the e-mail address is already confirmed")
    recent = state.links.requests_since(CONFIRMATION, command.at - CONFIRMATION_PERIOD)
    if len(recent) >= MAX_CONFIRMATION_REQUESTS:
        free_at = min(recent) + CONFIRMATION_PERIOD
        wait = max(1, math.ceil((free_at - command.at).total_seconds()))
        raise TooManyConfirmationRequests(wait)
    return list(confirmation_requested(state, command.link, command.at))


def confirm_email(command: ConfirmEmail, state: Resident) -> list[IdentityEvent]:
    link = state.links.with_hash(CONFIRMATION, command.token_hash)
    if link is None:
        raise AccountTokenUnknown("no confirmation link with this token")
    if state.links.email_confirmed or link.used:
        return []
    _usable(state, link, command.at)
    return [EmailConfirmed(command.resident_id, link.link_id, command.at)]


def request_password_reset(command: RequestPasswordReset, state: Resident) -> list[IdentityEvent]:
    link = command.link
    return [
        PasswordResetRequested(
            command.resident_id,
            link.link_id,
            link.token_hash,
            link.token,
            command.at + RESET_VALIDITY,
            state.language,
            command.at,
        )
    ]


def reset_password(command: ResetPassword, state: Resident) -> list[IdentityEvent]:
    link = state.links.with_hash(RESET, command.token_hash)
    if link is None:
        raise AccountTokenUnknown("no reset link with this token")
    if link.used:
        raise AccountTokenUsed("this reset link was used")
    _usable(state, link, command.at)
    if not command.new_password_hash:
        raise PasswordTooWeak("a password is required")
    rid = command.resident_id
    events: list[IdentityEvent] = [
        PasswordChanged(rid, command.new_password_hash, command.at),
        PasswordResetCompleted(rid, link.link_id, command.at),
    ]
    if not state.links.email_confirmed:
        events.append(EmailConfirmed(rid, link.link_id, command.at))
    return events


def _usable(state: Resident, link: SentLink, at: datetime) -> None:
    latest = state.links.latest(link.kind)
    if latest is None or latest.link_id != link.link_id:
        raise AccountTokenSuperseded("a newer link was sent since")
    if at >= link.expires_at:
        raise AccountTokenExpired("this link has expired")
