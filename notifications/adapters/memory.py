"""The Mailer port in memory, for unit tests: it keeps what it was given, as the SMTP server
would have received it (the same MIME message), and can be told to refuse for a while."""

from __future__ import annotations

from email.message import EmailMessage

from notifications.adapters.smtp import message
from notifications.ports import MailerUnavailable, OutgoingMail

SENDER = "Quartier <no-reply@quartier.localhost>"


class MemoryMailer:
    def __init__(self, sender: str = SENDER) -> None:
        self.sender = sender
        self.sent: list[EmailMessage] = []
        self.refusing = False

    def send(self, mail: OutgoingMail) -> None:
        if self.refusing:
            raise MailerUnavailable("the memory mailer is refusing")
        self.sent.append(message(mail, self.sender))
