"""The Mailer port over SMTP (smtplib): plain, STARTTLS or TLS, with or without credentials.

    mailer = SmtpMailer(SmtpSettings("smtp.example.org", 587, "starttls", "user", "secret",
                                     sender="Quartier <no-reply@example.org>"))
    mailer.send(OutgoingMail(...))

smtplib's errors are translated here and nowhere else: a server that cannot be reached or
answers 4xx is MailerUnavailable (retry later); 5xx for the message is MailRejected. Neither
says who the mail was for.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr

from notifications.ports import MailerUnavailable, MailRejected, OutgoingMail

SECURITY = ("none", "starttls", "tls")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str = "none"
    username: str = ""
    password: str = ""
    sender: str = formataddr(("Quartier", "no-reply@quartier.localhost"))
    timeout: float = 10.0

    def __post_init__(self) -> None:
        if self.security not in SECURITY:
            raise ValueError(f"QUARTIER_SMTP_SECURITY must be one of {', '.join(SECURITY)}")


def message(mail: OutgoingMail, sender: str) -> EmailMessage:
    """The MIME message: plain text, with its HTML alternative."""
    built = EmailMessage()
    built["From"] = sender
    built["To"] = mail.to
    built["Subject"] = mail.subject
    built["Message-ID"] = mail.message_id
    for name, value in mail.headers.items():
        built[name] = value
    built.set_content(mail.text)
    built.add_alternative(mail.html, subtype="html")
    return built


class SmtpMailer:
    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    @property
    def server(self) -> str:
        return f"the mail server {self.settings.host}:{self.settings.port}"

    def send(self, mail: OutgoingMail) -> None:
        s = self.settings
        built = message(mail, s.sender)
        try:
            with self._connect() as smtp:
                if s.username:
                    smtp.login(s.username, s.password)
                smtp.send_message(built)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if all(500 <= code < 600 for code in codes):
                raise MailRejected(f"{self.server} refused the recipient") from None
            raise MailerUnavailable(f"{self.server} deferred the recipient") from None
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600 and not isinstance(exc, smtplib.SMTPAuthenticationError):
                raise MailRejected(f"{self.server} refused the message ({exc.smtp_code})") from None
            raise MailerUnavailable(f"{self.server} answered {exc.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise MailerUnavailable(
                f"{self.server} is unreachable ({type(exc).__name__})"
            ) from None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "tls":
            return smtplib.SMTP_SSL(
                s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
            )
        smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        if s.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        return smtp
