"""What the matching contract tests share: identity's real handlers on a memory store (homes
declared on the demo streets), listing events recorded as given, matching's real handlers on
the same store, and the proposals policy caught up on a read-model database of each kind."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from contracts import Metadata
from contracts.listings.events import ListingClosed, ListingPublished
from contracts.matching.matches import match_id_for
from identity.domain.state import PostalAddress
from matching.commands import AcceptMatch, DeclineMatch, Settings
from matching.handlers import MatchingHandlers
from matching.policies import proposals
from services.eventstore import ANY, NewEvent
from services.subscriptions import SubscriptionRunner
from tests.contract.neighbourhoods.kit import Residents, now, residents_world

EXPIRY = timedelta(days=30)
DEMO = ("71999", "Bourg-Démo", "FR")


def on(street_line: str) -> PostalAddress:
    return PostalAddress(street_line, *DEMO)


@dataclass
class World:
    people: Residents
    engine: sa.Engine
    handlers: MatchingHandlers
    runner: SubscriptionRunner
    nid: uuid.UUID = field(default_factory=uuid.uuid4)
    clock: datetime = field(default_factory=now)

    def settle(self) -> SimpleNamespace:
        while self.runner.run_once():
            pass
        tables: SimpleNamespace = self.runner.tables()
        return tables

    def tick(self) -> datetime:
        self.clock += timedelta(seconds=1)
        return self.clock

    def resident(self, name: str, home: str | None = "12 rue de la Paix") -> uuid.UUID:
        rid = self.people.register(name)
        if home is not None:
            self.people.identity.declare_address(uuid.uuid4(), rid, on(home))
        return rid

    def record(self, stream: str, *events: Any, actor: str = "system:tests") -> None:
        self.people.record(stream, *events, actor=actor)

    def publish(
        self,
        author: uuid.UUID,
        kind: str,
        title: str,
        description: str = "",
        *,
        category: str = "service",
        details: dict[str, Any] | None = None,
        nids: list[uuid.UUID] | None = None,
    ) -> uuid.UUID:
        lid, at = uuid.uuid4(), self.tick()
        shown = details if details is not None else {"tags": [], "paid": False}
        published = ListingPublished(
            lid, author, nids or [self.nid], kind, category, title, description, shown, [],
            at + EXPIRY, at,
        )  # fmt: skip
        self.record(f"listings.listing-{lid}", published, actor=f"resident:{author}")
        return lid

    def close(self, lid: uuid.UUID) -> None:
        self.record(f"listings.listing-{lid}", ListingClosed(lid, "done", self.tick()))

    def block(self, blocker: uuid.UUID, blocked: uuid.UUID, kind: str = "ResidentBlocked") -> None:
        """The connections' block, as its event's ids say it."""
        data = {"blocker_id": str(blocker), "blocked_id": str(blocked)}
        metadata = Metadata.start(f"resident:{blocker}", uuid.uuid4())
        raw = NewEvent(type=f"matching.{kind}", data=data, metadata=metadata.to_dict())
        self.people.store.append(f"matching.blocks-{blocker}", [raw], expected_version=ANY)

    def accept(self, offer: uuid.UUID, request: uuid.UUID, who: uuid.UUID) -> str | None:
        command = AcceptMatch(uuid.uuid4(), match_id_for(offer, request), who, self.tick())
        return self.handlers.act(command, who)

    def decline(self, offer: uuid.UUID, request: uuid.UUID, who: uuid.UUID) -> str | None:
        command = DeclineMatch(uuid.uuid4(), match_id_for(offer, request), who, self.tick())
        return self.handlers.act(command, who)

    def matching_events(self) -> list[Any]:
        return [
            self.people.codec.decode(recorded).event
            for recorded in self.people.store.read_all()
            if recorded.type.startswith("matching.Match")
        ]

    def matches(self) -> list[Any]:
        t = self.settle()
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(t.matches).order_by(t.matches.c.match_id)))


def runner(people: Residents, engine: sa.Engine, handlers: MatchingHandlers) -> SubscriptionRunner:
    return SubscriptionRunner(people.store, engine, proposals.proposals(people.codec, handlers))


def world(
    engine: sa.Engine, settings: Settings | None = None, clock: Callable[[], datetime] = now
) -> World:
    people = residents_world()
    handlers = MatchingHandlers(people.store, people.codec, clock, settings)
    return World(people, engine, handlers, runner(people, engine, handlers))
