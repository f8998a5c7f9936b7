"""Notifications' composition root for Nameko: the handlers over the platform's event store,
the inbox read model, and the mailing (the outbox's dispatcher with the SMTP mailer, the
templates and the unsubscribe tokens), built from the container's config at start.

Mail settings (README's configuration table): QUARTIER_SMTP_HOST, QUARTIER_SMTP_PORT,
QUARTIER_SMTP_SECURITY (none | starttls | tls), QUARTIER_SMTP_USERNAME, QUARTIER_SMTP_PASSWORD,
QUARTIER_MAIL_FROM, QUARTIER_PUBLIC_URL (the base of every link); QUARTIER_MAIL_ATTEMPTS (before
a mail is dead-lettered, 8) and QUARTIER_MAIL_RETRY_SECONDS (the first retry's delay, doubled
at each attempt up to an hour, 5). By default the embedded mail
server of `make run` (notifications/adapters/mail_server.py) on 127.0.0.1:8025.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from nameko.extensions import DependencyProvider

from notifications.adapters import embedded
from notifications.adapters.smtp import SmtpMailer, SmtpSettings
from notifications.handlers import NotificationHandlers
from notifications.mailing.sending import INTENTS, MailSender
from notifications.projections import inbox
from notifications.rendering import Renderer
from notifications.unsubscribe import PURPOSE, Tokens
from services.runtime.codecs import codec
from services.runtime.keys import derived_key, root_key
from services.runtime.platform import Platform
from services.runtime.tunables import seconds, whole
from services.runtime.wiring import built
from services.subscriptions.database import create_all
from services.subscriptions.outbox import MAX_ATTEMPTS, Dispatcher

PUBLIC_URL = "http://127.0.0.1:8000"
SMTP_PORT = 8025
QUERIED = {"inbox": inbox.NAME}  # the read model queries read, by the name they read it


def public_url(config: Mapping[str, Any]) -> str:
    return str(config.get("QUARTIER_PUBLIC_URL") or PUBLIC_URL).rstrip("/")


def smtp_settings(config: Mapping[str, Any]) -> SmtpSettings:
    port = config.get("QUARTIER_SMTP_PORT") or SMTP_PORT
    try:
        number = int(port)
    except (TypeError, ValueError):
        raise ValueError("QUARTIER_SMTP_PORT must be a port number") from None
    host = urlsplit(public_url(config)).hostname or "localhost"
    sender = config.get("QUARTIER_MAIL_FROM") or f"Quartier <no-reply@{host}>"
    return SmtpSettings(
        str(config.get("QUARTIER_SMTP_HOST") or "127.0.0.1"),
        number,
        str(config.get("QUARTIER_SMTP_SECURITY") or "none").lower(),
        str(config.get("QUARTIER_SMTP_USERNAME") or ""),
        str(config.get("QUARTIER_SMTP_PASSWORD") or ""),
        sender,
    )


def tokens(platform: Platform) -> Tokens:
    return Tokens(derived_key(root_key(platform.settings), PURPOSE))


handlers = built(NotificationHandlers)


def subscribers(platform: Platform) -> tuple[Any, ...]:
    create_all(platform.engine(), INTENTS)  # the mail sender's table, beside the read model
    return (inbox.read_model(codec(platform)),)


class Mailing(DependencyProvider):
    """The outbox's dispatcher of e-mails, the unsubscribe tokens and the public URL."""

    platform = Platform()

    def setup(self) -> None:
        config = self.container.config
        self.base_url = public_url(config)
        self.tokens = tokens(self.platform)
        settings = smtp_settings(config)
        self.server = None
        if not config.get("QUARTIER_SMTP_HOST"):
            folder = self.platform.settings.data_dir / "outbox" / "mail"
            self.server = embedded.start(folder, settings.host, settings.port)
        engine = self.platform.engine()
        create_all(engine, INTENTS)
        self.tables: Any = None
        sender = MailSender(
            engine,
            lambda: self.tables(),
            SmtpMailer(settings),
            Renderer(self.base_url),
            self.tokens,
            urlsplit(self.base_url).hostname or "localhost",
        )
        self.dispatcher = Dispatcher(
            engine,
            {inbox.MAIL: sender},
            max_attempts=whole(config, "QUARTIER_MAIL_ATTEMPTS", MAX_ATTEMPTS),
            base_delay=timedelta(seconds=seconds(config, "QUARTIER_MAIL_RETRY_SECONDS", 5.0)),
            name="notifications.mail",
        )

    def stop(self) -> None:
        with contextlib.suppress(Exception):  # its lease lapses on its own
            self.dispatcher.release()
        embedded.stop(self.server)

    def kill(self) -> None:
        embedded.stop(self.server)

    def get_dependency(self, worker_ctx: Any) -> Mailing:
        return self
