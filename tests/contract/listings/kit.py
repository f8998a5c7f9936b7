"""What the listings contract tests share: identity's real handlers on a memory store (from the
neighbourhoods kit), neighbourhood and listing events recorded as given, and listings' two read
models (facts and listings) caught up on a read-model database of each kind."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from contracts.listings.events import ListingPublished
from contracts.neighbourhoods.events import MemberJoined, NeighbourhoodCreated
from listings.projections import facts, listings
from services.subscriptions import SubscriptionRunner
from tests.contract.neighbourhoods.kit import CENTRE, Residents, now, residents_world, square
from tests.support.runners import settle

EXPIRY = timedelta(days=30)


@dataclass
class World:
    people: Residents
    engine: sa.Engine
    runners: list[SubscriptionRunner] = field(default_factory=list)
    clock: datetime = field(default_factory=now)

    def tables(self) -> tuple[SimpleNamespace, SimpleNamespace]:
        settle(self.runners)
        return self.runners[0].tables(), self.runners[1].tables()

    def ask(self, query: Any, *args: Any, **options: Any) -> Any:
        t, f = self.tables()
        with self.engine.connect() as conn:
            return query(conn, t, f, *args, **options)

    def ask_read_model(self, query: Any, *args: Any) -> Any:
        t, _ = self.tables()
        with self.engine.connect() as conn:
            return query(conn, t, *args)

    def ask_facts(self, query: Any, *args: Any) -> Any:
        _, f = self.tables()
        with self.engine.connect() as conn:
            return query(conn, f, *args)

    def tick(self) -> datetime:
        """A moment one second after the last one: the order events happened in."""
        self.clock += timedelta(seconds=1)
        return self.clock

    def record(self, stream: str, *events: Any, actor: str = "system:listings") -> str:
        return self.people.record(stream, *events, actor=actor)

    def neighbourhood(self, founder: uuid.UUID, *members: uuid.UUID) -> uuid.UUID:
        nid = uuid.uuid4()
        self.record(
            f"neighbourhoods.neighbourhood-{nid}",
            NeighbourhoodCreated(
                nid, founder, "Quartier", "Entre voisins", square(*CENTRE, 800), 2.56, now()
            ),
            *(MemberJoined(nid, rid, uuid.uuid4(), now()) for rid in (founder, *members)),
            actor=f"resident:{founder}",
        )
        return nid

    def publish(
        self,
        author: uuid.UUID,
        nids: list[uuid.UUID],
        title: str,
        description: str = "",
        *,
        kind: str = "offer",
        category: str = "loan",
        photos: list[dict[str, str]] | None = None,
    ) -> uuid.UUID:
        lid = uuid.uuid4()
        at = self.tick()
        self.record(
            stream(lid),
            ListingPublished(
                lid,
                author,
                nids,
                kind,
                category,
                title,
                description,
                {},
                photos or [],
                at + EXPIRY,
                at,
            ),
            actor=f"resident:{author}",
        )
        return lid

    def rows(self) -> dict[str, list[tuple[str, ...]]]:
        t, f = self.tables()
        with self.engine.connect() as conn:
            return {
                name: sorted(tuple(map(str, x)) for x in conn.execute(sa.select(table)))
                for name, table in {**vars(t), **vars(f)}.items()
                if isinstance(table, sa.Table)
            }


def stream(listing_id: uuid.UUID) -> str:
    return f"listings.listing-{listing_id}"


def runners(people: Residents, engine: sa.Engine) -> list[SubscriptionRunner]:
    return [
        SubscriptionRunner(people.store, engine, listings.read_model(people.codec)),
        SubscriptionRunner(people.store, engine, facts.facts(people.codec)),
    ]


def world(engine: sa.Engine, people: Residents | None = None) -> World:
    people = people or residents_world()
    return World(people, engine, runners(people, engine))
