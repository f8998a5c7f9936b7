"""Every outside dependency of the notifications context, declared once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class OutgoingMail:
    """One e-mail as it leaves: `message_id` ("<...@host>") is derived from the notification,
    so that a copy sent again after a crash is recognisably the same message; `headers` hold
    the rest (Date, List-Unsubscribe, ...)."""

    message_id: str
    to: str
    subject: str
    text: str
    html: str
    headers: Mapping[str, str] = field(default_factory=dict)


class MailerUnavailable(Exception):
    """The mail server could not be reached or refused for now: try again later. The message
    names the server, never a recipient."""


class MailRejected(Exception):
    """The mail server refused this message for good (a malformed address)."""


class Mailer(Protocol):
    def send(self, mail: OutgoingMail) -> None:
        """Hand the mail over; raises MailerUnavailable or MailRejected."""
