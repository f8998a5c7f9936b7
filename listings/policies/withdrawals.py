"""Withdrawals: a listing is shown only where its author is a member. When the author leaves a
neighbourhood, is removed from it, loses it with their verified home, or is erased, each of
their listings shown there is withdrawn from it (ListingWithdrawn; the listing closes as
withdrawn when it is shown nowhere else).

The policy follows, in log order, neighbourhoods' membership events, identity's erasures and
listings' own events, and keeps in tables of its own who is a member where (and how the last
membership ended) and where each listing is shown. It never reads another subscriber's tables,
so it judges each event as things stood when it was recorded, whatever runs late:

- a membership ending withdraws the listings shown there at that moment;
- a listing published by an author who is no longer a member of one of its neighbourhoods (the
  publication was decided on facts that a departure had just overtaken) is withdrawn from it at
  once, with the cause of that departure.

Run again over the same event (a crash before the checkpoint moved, a rebuild, a message
delivered twice), it issues the same commands with the same ids, derived from the event's:
nothing is appended twice. The withdrawal carries the event's own time.

    subscriber = withdrawals(codec, handlers)
"""

from __future__ import annotations

import uuid
from datetime import datetime
from types import SimpleNamespace
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import ResidentErased
from contracts.listings.listings import ListingPublished, ListingWithdrawn
from contracts.listings.moderation import ListingRemoved
from contracts.neighbourhoods.events import MEMBERSHIP_CHANGES
from contracts.neighbourhoods.members import (
    MemberJoined,
    MemberLeft,
    MemberRemoved,
    MemberWithdrawn,
)
from listings.commands import WithdrawListing
from listings.handlers import SYSTEM
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber, generations

NAME = "listings.withdrawals"
VERSION = 1
TYPES = (
    *MEMBERSHIP_CHANGES,
    "identity.ResidentErased",
    "listings.ListingPublished",
    "listings.ListingWithdrawn",
    "listings.ListingRemoved",
)
# neighbourhoods' causes of a withdrawn membership, as listings names them.
CAUSES = {"moved": "unverified", "unverified": "unverified", "erased": "erased"}
_NAMESPACE = uuid.UUID("0b8a4a53-3f63-4d0c-8d7e-6c1b2f0a9e41")


class RunsCommands(Protocol):
    def run(self, command: Any, actor: str) -> Any: ...


def command_id_for(event_id: uuid.UUID, listing_id: str, neighbourhood_id: str) -> uuid.UUID:
    """The withdrawal's command id, the same however often the causing event is handled."""
    return uuid.uuid5(_NAMESPACE, f"withdraw/{event_id}/{listing_id}/{neighbourhood_id}")


_meta = sa.MetaData()
MEMBERS = sa.Table(
    "listings_policy_members",
    _meta,
    sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
    sa.Column("resident_id", sa.String(36), primary_key=True),
    sa.Column("join_id", sa.String(36), nullable=False),
    # None while a member; else why the membership ended (a listings cause).
    sa.Column("ended", sa.String(20)),
)
SHOWN = sa.Table(
    "listings_policy_shown",
    _meta,
    sa.Column("listing_id", sa.String(36), primary_key=True),
    sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
    sa.Column("author_id", sa.String(36), nullable=False, index=True),
)
define = generations(members=MEMBERS, shown=SHOWN)


def withdrawals(codec: Codec, handlers: RunsCommands) -> Subscriber:
    def handle(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent) -> None:
        # Identity's and neighbourhoods' events hold personal data never needed here.
        event = codec.decode(recorded).event
        for listing_id, neighbourhood_id, cause, at in react(tx, t, event):
            handlers.run(
                WithdrawListing(
                    command_id_for(recorded.event_id, listing_id, neighbourhood_id),
                    uuid.UUID(listing_id),
                    uuid.UUID(neighbourhood_id),
                    cause,
                    at,
                ),
                SYSTEM,
            )

    return Subscriber(NAME, handle, define=define, types=TYPES, version=VERSION)


Withdrawal = tuple[str, str, str, datetime]


def react(tx: Connection, t: SimpleNamespace, event: Any) -> list[Withdrawal]:
    """Follow memberships and where listings are shown; the withdrawals an event calls for:
    (listing_id, neighbourhood_id, cause, at)."""
    match event:
        case MemberJoined():
            _joined(tx, t, event)
        case MemberLeft():
            return _ended(tx, t, event, "left", event.left_at)
        case MemberRemoved():
            return _ended(tx, t, event, "removed", event.removed_at)
        case MemberWithdrawn():
            return _ended(tx, t, event, CAUSES.get(event.cause, "unverified"), event.withdrawn_at)
        case ResidentErased():
            return _erased(tx, t, str(event.resident_id), event.erased_at)
        case ListingPublished():
            return _published(tx, t, event)
        case ListingWithdrawn():
            s = t.shown
            tx.execute(
                s.delete().where(
                    s.c.listing_id == str(event.listing_id),
                    s.c.neighbourhood_id == str(event.neighbourhood_id),
                )
            )
        case ListingRemoved():
            tx.execute(t.shown.delete().where(t.shown.c.listing_id == str(event.listing_id)))
    return []


def _joined(tx: Connection, t: SimpleNamespace, event: MemberJoined) -> None:
    m = t.members
    nid, rid = str(event.neighbourhood_id), str(event.resident_id)
    tx.execute(m.delete().where(m.c.neighbourhood_id == nid, m.c.resident_id == rid))
    tx.execute(
        m.insert().values(
            neighbourhood_id=nid, resident_id=rid, join_id=str(event.join_id), ended=None
        )
    )


def _ended(
    tx: Connection, t: SimpleNamespace, event: Any, cause: str, at: datetime
) -> list[Withdrawal]:
    m, s = t.members, t.shown
    nid, rid = str(event.neighbourhood_id), str(event.resident_id)
    # Only the membership this event ends: a later join's is not undone by a late message.
    ended = tx.execute(
        m.update()
        .where(
            m.c.neighbourhood_id == nid, m.c.resident_id == rid, m.c.join_id == str(event.join_id)
        )
        .values(ended=cause)
    )
    if ended.rowcount == 0:
        return []
    rows = tx.execute(
        sa.select(s.c.listing_id).where(s.c.author_id == rid, s.c.neighbourhood_id == nid)
    )
    return [(row.listing_id, nid, cause, at) for row in rows]


def _erased(tx: Connection, t: SimpleNamespace, rid: str, at: datetime) -> list[Withdrawal]:
    m, s = t.members, t.shown
    tx.execute(m.update().where(m.c.resident_id == rid).values(ended="erased"))
    rows = tx.execute(sa.select(s.c.listing_id, s.c.neighbourhood_id).where(s.c.author_id == rid))
    return [(row.listing_id, row.neighbourhood_id, "erased", at) for row in rows]


def _published(tx: Connection, t: SimpleNamespace, event: ListingPublished) -> list[Withdrawal]:
    m, s = t.members, t.shown
    lid, rid = str(event.listing_id), str(event.author_id)
    late: list[Withdrawal] = []
    for neighbourhood in event.neighbourhood_ids:
        nid = str(neighbourhood)
        where = (s.c.listing_id == lid, s.c.neighbourhood_id == nid)
        if tx.execute(sa.select(s.c.listing_id).where(*where)).first() is None:
            tx.execute(s.insert().values(listing_id=lid, neighbourhood_id=nid, author_id=rid))
        membership = tx.execute(
            sa.select(m.c.ended).where(m.c.neighbourhood_id == nid, m.c.resident_id == rid)
        ).first()
        if membership is not None and membership.ended is not None:
            late.append((lid, nid, membership.ended, event.published_at))
    return late
