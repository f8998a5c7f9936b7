"""What the notifications contract tests share: identity's real handlers on a memory store,
other contexts' events recorded as given (or, for types this branch does not know yet, as the
spec's raw fields), the inbox read model caught up on a read-model database, and the outbox's
mail going to a memory mailer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from contracts import Metadata
from contracts.listings.events import ListingPublished, ResponseSent
from contracts.neighbourhoods.events import MemberJoined, NeighbourhoodCreated
from contracts.notifications.events import PreferencesChanged
from notifications.adapters.memory import MemoryMailer
from notifications.mailing import digests
from notifications.mailing.sending import INTENTS, MailSender
from notifications.projections import inbox
from notifications.rendering import Renderer
from notifications.unsubscribe import Tokens
from services.eventstore import ANY, NewEvent
from services.subscriptions import SubscriptionRunner
from services.subscriptions.database import create_all
from services.subscriptions.outbox import Dispatcher
from tests.contract.neighbourhoods.kit import CENTRE, Residents, residents_world, square

BASE_URL = "http://quartier.test"


@dataclass
class World:
    people: Residents
    engine: sa.Engine
    runner: SubscriptionRunner
    mailer: MemoryMailer = field(default_factory=MemoryMailer)
    tokens: Tokens = field(default_factory=lambda: Tokens(b"u" * 32))
    _dispatcher: Dispatcher | None = None

    def tables(self) -> SimpleNamespace:
        while self.runner.run_once():
            pass
        return self.runner.tables()  # type: ignore[no-any-return]

    def record(self, stream: str, *events: Any, actor: str = "system:tests") -> str:
        return self.people.record(stream, *events, actor=actor)

    def raw(self, stream: str, kind: str, **data: Any) -> None:
        """An event of a type this branch may not know yet, with the spec's fields as text."""
        shown = {k: _plain(v) for k, v in data.items()}
        metadata = Metadata.start("system:tests", uuid.uuid4()).to_dict()
        self.people.store.append(stream, [NewEvent(kind, shown, metadata)], expected_version=ANY)

    def resident(self, name: str, confirmed: bool = True) -> uuid.UUID:
        rid = self.people.register(name)
        if confirmed:
            self.raw(
                f"identity.resident-{rid}",
                "identity.EmailConfirmed",
                resident_id=rid,
                request_id=uuid.uuid4(),
                confirmed_at=_now(),
            )
        return rid

    def prefer(self, rid: uuid.UUID, **choice: Any) -> None:
        """The resident's preferences: immediate e-mails and no quiet hours unless told."""
        values: dict[str, Any] = {
            "types": {},
            "email_frequency": "immediate",
            "digest_hour": 18,
            "quiet_start": None,
            "quiet_end": None,
            "time_zone": "Europe/Paris",
            **choice,
        }
        self.record(
            f"notifications.preferences-{rid}",
            PreferencesChanged(rid, **values, changed_at=_now()),
            actor=f"resident:{rid}",
        )

    def neighbourhood(
        self, founder: uuid.UUID, *members: uuid.UUID, name: str = "Croix-Rousse"
    ) -> uuid.UUID:
        nid = uuid.uuid4()
        self.record(
            f"neighbourhoods.neighbourhood-{nid}",
            NeighbourhoodCreated(
                nid, founder, name, "Entre voisins", square(*CENTRE, 800), 2.56, _now()
            ),
            *(MemberJoined(nid, rid, uuid.uuid4(), _now()) for rid in (founder, *members)),
        )
        return nid

    def publish(
        self, author: uuid.UUID, nid: uuid.UUID, title: str, category: str = "loan"
    ) -> uuid.UUID:
        lid = uuid.uuid4()
        details: dict[str, Any] = (
            {"item": title} if category == "loan" else {"alert_type": "lost_pet"}
        )
        kind = "offer"  # an alert is given, never asked for
        self.record(
            f"listings.listing-{lid}",
            ListingPublished(
                lid,
                author,
                [nid],
                kind,
                category,
                title,
                "",
                details,
                [],
                _now() + timedelta(days=30),
                _now(),
            ),
            actor=f"resident:{author}",
        )
        return lid

    def respond(
        self, responder: uuid.UUID, lid: uuid.UUID, message: str = "Je suis intéressée"
    ) -> None:
        self.record(
            f"listings.listing-{lid}",
            ResponseSent(lid, uuid.uuid4(), responder, message, _now()),
            actor=f"resident:{responder}",
        )

    def inbox(self, rid: uuid.UUID) -> list[Any]:
        t = self.tables()
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    sa.select(t.inbox)
                    .where(t.inbox.c.recipient_id == str(rid))
                    .order_by(t.inbox.c.seq)
                )
            )

    def sender(self) -> MailSender:
        renderer = Renderer(BASE_URL)
        return MailSender(
            self.engine, self.tables, self.mailer, renderer, self.tokens, "quartier.test"
        )

    def dispatcher(self) -> Dispatcher:
        """One dispatcher for the world: it holds the outbox's lease."""
        if self._dispatcher is None:
            senders = {"mail": self.sender()}
            self._dispatcher = Dispatcher(self.engine, senders, base_delay=timedelta(0))
        return self._dispatcher

    def deliver(self, now: datetime | None = None) -> list[Any]:
        """Queue due digests at `now`, send everything due; the mails sent so far."""
        self.tables()
        digests.send_due(self.engine, self.tables(), now or _now())
        self.dispatcher().dispatch_once()
        return self.mailer.sent


def world(engine: sa.Engine) -> World:
    people = residents_world()
    create_all(engine, INTENTS)
    runner = SubscriptionRunner(people.store, engine, inbox.read_model(people.codec))
    return World(people, engine, runner)


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID | datetime):
        return str(value) if isinstance(value, uuid.UUID) else value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _now() -> datetime:
    return datetime.now(UTC)
