"""The outbox's `mail` sender (services/subscriptions/outbox.py Dispatcher).

Before a mail first leaves, it is rendered and recorded as an intent (its recipient, Message-ID,
Date and texts), in a transaction of its own; every later attempt sends that very record. The
Message-ID derives from the notification id, so a mail sent again after the dispatcher died
between the server's acceptance and the outbox's "sent" is the same message, which the
receiving side (our embedded server, and mail systems that drop duplicates) keeps once. An
intent already marked delivered is never sent again (see docs/decisions/0027).

An erased resident's intents are deleted with their pending mail; a recipient who is gone or
has no address by the time their mail leaves gets nothing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from contracts.notifications.types import ACCOUNT
from notifications.ports import Mailer, OutgoingMail
from notifications.projections import facts
from notifications.projections.facts import CHUNK
from notifications.rendering import Rendered, Renderer
from notifications.unsubscribe import Tokens
from services.eventstore.reading import chunked

INTENTS = sa.MetaData()
intents = sa.Table(
    "notifications_mail_intents",
    INTENTS,
    sa.Column("idempotency_key", sa.String(200), primary_key=True),
    sa.Column("recipient_id", sa.String(36), nullable=False, index=True),
    sa.Column("mail", sa.Text, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("delivered_at", sa.DateTime(timezone=True)),
)
digested = sa.Table(
    "notifications_digested",
    INTENTS,
    sa.Column("notification_id", sa.String(36), primary_key=True),
    sa.Column("recipient_id", sa.String(36), nullable=False, index=True),
)
"""Notifications already sent in a digest: outlives a rebuild of the read model, so that a
replay does not gather them into a digest again."""
MESSAGE_NAMESPACE = uuid.UUID("2a0c7f5e-8d4b-4a51-9a0e-3c8f6b1d2e47")


class NothingToSend(Exception):
    """The recipient is erased or has no address now: the mail is dropped, not retried."""


def message_id(key: str, domain: str) -> str:
    return f"<{uuid.uuid5(MESSAGE_NAMESPACE, key)}@{domain}>"


class MailSender:
    def __init__(
        self,
        engine: Engine,
        tables: Callable[[], Any],
        mailer: Mailer,
        renderer: Renderer,
        tokens: Tokens,
        domain: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._engine = engine
        self._tables = tables
        self._mailer = mailer
        self._renderer = renderer
        self._tokens = tokens
        self._domain = domain
        self._clock = clock

    def __call__(self, payload: dict[str, Any], key: str) -> None:
        with self._engine.connect() as conn:
            found = conn.execute(sa.select(intents).where(intents.c.idempotency_key == key)).first()
        if found is not None and found.delivered_at is not None:
            return  # delivered before a crash kept the outbox from saying so
        mail = _loaded(found.mail) if found is not None else self._intend(payload, key)
        if mail is None:
            return
        self._mailer.send(mail)
        with self._engine.begin() as tx:
            tx.execute(
                intents.update()
                .where(intents.c.idempotency_key == key)
                .values(delivered_at=self._clock())
            )

    def _intend(self, payload: dict[str, Any], key: str) -> OutgoingMail | None:
        recipient = str(payload["recipient_id"])
        with self._engine.connect() as conn:
            who = facts.resident(conn, self._tables(), recipient)
        if who is None or who.erased or not who.email:
            return None
        rendered = self._render(payload, who)
        now = self._clock()
        headers = {"Date": format_datetime(now), "Auto-Submitted": "auto-generated"}
        kind = payload["type"]
        if kind not in ACCOUNT and kind != "digest":
            link = self._unsubscribe_url(uuid.UUID(recipient), kind, one_click=True)
            headers["List-Unsubscribe"] = f"<{link}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        mail = OutgoingMail(
            message_id(key, self._domain),
            who.email,
            rendered.subject,
            rendered.text,
            rendered.html,
            headers,
        )
        with self._engine.begin() as tx:
            _record(tx, key, recipient, mail, now)
        return mail

    def _render(self, payload: dict[str, Any], who: Any) -> Rendered:
        kind = payload["type"]
        if kind == "digest":
            items = [
                {**item, "created_at": datetime.fromisoformat(item["created_at"])}
                for item in payload["items"]
            ]
            return self._renderer.digest(who.language, who.display_name, items)
        params = payload.get("params") or {}
        extra: dict[str, Any] = {}
        if kind in ACCOUNT:
            extra = account_link(self._renderer.base_url, kind, params, self._clock())
        unsubscribe = (
            None if kind in ACCOUNT else self._unsubscribe_url(uuid.UUID(who.resident_id), kind)
        )
        return self._renderer.one(
            kind,
            params.get("language") or who.language,
            who.display_name,
            params,
            unsubscribe,
            **extra,
        )

    def _unsubscribe_url(self, resident_id: uuid.UUID, kind: str, one_click: bool = False) -> str:
        """The web client's page for a person; the API's address for a mail client's one
        click (RFC 8058: it POSTs there, without signing in)."""
        token = self._tokens.token(resident_id, kind)
        path = "/api/v1/unsubscribe" if one_click else "/unsubscribe"
        return f"{self._renderer.base_url}{path}?token={token}"


def account_link(base_url: str, kind: str, params: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The link with its token, and how many minutes it still works."""
    path = "/email-confirmation" if kind == "email_confirmation" else "/password-reset"
    expires = params.get("expires_at")
    minutes = None
    if expires:
        minutes = max(0, int((datetime.fromisoformat(str(expires)) - now).total_seconds() // 60))
    return {"link": f"{base_url}{path}?token={params.get('token')}", "expires_minutes": minutes}


def _record(tx: Connection, key: str, recipient: str, mail: OutgoingMail, now: datetime) -> None:
    stored = json.dumps(
        {
            "message_id": mail.message_id,
            "to": mail.to,
            "subject": mail.subject,
            "text": mail.text,
            "html": mail.html,
            "headers": dict(mail.headers),
        }
    )
    tx.execute(
        intents.insert().values(
            idempotency_key=key, recipient_id=recipient, mail=stored, recorded_at=now
        )
    )


def _loaded(stored: str) -> OutgoingMail:
    return OutgoingMail(**json.loads(stored))


def digested_among(tx: Connection, notification_ids: Sequence[str]) -> set[str]:
    """Those of `notification_ids` a digest already sent."""
    found: set[str] = set()
    key = digested.c.notification_id
    for part in chunked(sorted(notification_ids), CHUNK):
        found.update(tx.execute(sa.select(key).where(key.in_(part))).scalars())
    return found


def forget(tx: Connection, recipient: str) -> None:
    """An erased resident's recorded mails go."""
    tx.execute(intents.delete().where(intents.c.recipient_id == recipient))
    tx.execute(digested.delete().where(digested.c.recipient_id == recipient))
