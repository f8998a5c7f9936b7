"""The identity service's doors for the account's e-mails: the link that confirms the e-mail
address, the link that resets the password (identity/handlers/emails.py). Functions, not
command doors: the handlers draw each link's secret, hash the token a link brought back and
the new password."""

from __future__ import annotations

from typing import Any

from identity.service.errors import DOOR, done

# Ours are 76 characters; anything up to this is taken and found unknown, so that a link
# mangled on its way answers account_token_unknown rather than a malformed request.
TOKEN_LENGTH = 2048


@DOOR.rpc
@DOOR.wrap
def request_email_confirmation(service: Any, command_id: str, resident_id: str) -> dict[str, Any]:
    """Send the confirmation link again. -> {position}. email_already_confirmed,
    too_many_confirmation_requests (details.retry_after_seconds)."""
    position = service.handlers.emails.request_email_confirmation(
        DOOR.uid(command_id, "command_id"), DOOR.uid(resident_id, "resident_id")
    )
    return done(position)


@DOOR.rpc
@DOOR.wrap
def confirm_email(service: Any, command_id: str, token: str) -> dict[str, Any]:
    """Confirm the address a link was sent to (again: nothing more). -> {resident_id,
    position}. account_token_unknown, account_token_expired, account_token_superseded."""
    confirmed = service.handlers.emails.confirm_email(
        DOOR.uid(command_id, "command_id"), DOOR.text(token, "token", TOKEN_LENGTH)
    )
    return done(confirmed.position, resident_id=confirmed.resident_id)


@DOOR.rpc
@DOOR.wrap
def request_password_reset(service: Any, command_id: str, email: str) -> dict[str, Any]:
    """Send a reset link to the account holding `email`, if there is one. -> {} either way:
    whoever asks learns nothing of the accounts (the gateway answers before this is done)."""
    service.handlers.emails.request_password_reset(
        DOOR.uid(command_id, "command_id"), DOOR.text(email, "email", 254)
    )
    return {}


@DOOR.rpc
@DOOR.wrap
def reset_password(service: Any, command_id: str, token: str, password: str) -> dict[str, Any]:
    """Set a new password with a reset link. -> {resident_id, position}.
    account_token_unknown, account_token_expired, account_token_used,
    account_token_superseded, password_too_weak."""
    reset = service.handlers.emails.reset_password(
        DOOR.uid(command_id, "command_id"),
        DOOR.text(token, "token", TOKEN_LENGTH),
        DOOR.text(password, "password", 4096),
    )
    return done(reset.position, resident_id=reset.resident_id)


DOORS = (request_email_confirmation, confirm_email, request_password_reset, reset_password)
