"""The connections read model: each connection with its two sides and how it ended, its messages
in log order, the thanks given in it, and the blocks that stand.

A message, a thank-you and an end's reason are their author's words: when the author is erased
they are set to NULL here at once (and read back ERASED, so stored NULL, by any rebuild), and no
old copy stays on disk (scrub_after, docs/decisions/0008).

    subscriber = read_model(codec)
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import ResidentErased
from contracts.matching.events import (
    ConnectionEnded,
    ConnectionMade,
    MessagePosted,
    ResidentBlocked,
    ResidentUnblocked,
    ThanksGiven,
)
from contracts.pii import plain
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber
from services.subscriptions.columns import serial_id
from services.subscriptions.subscriber import each_event, generations

NAME = "matching.connections"
# 2: a connection ended by a block has no reason (ConnectionEnded v2); the rebuild clears it.
# 3: whether a block ended it, kept once the block is lifted (0075).
VERSION = 3
TYPES = (
    "matching.ConnectionMade",
    "matching.MessagePosted",
    "matching.ConnectionEnded",
    "matching.ThanksGiven",
    "matching.ResidentBlocked",
    "matching.ResidentUnblocked",
    "identity.ResidentErased",
)
SCRUB_AFTER = ("identity.ResidentErased",)


_meta = sa.MetaData()
CONNECTIONS = sa.Table(
    "matching_connections",
    _meta,
    sa.Column("connection_id", sa.String(36), primary_key=True),
    sa.Column("first_id", sa.String(36), nullable=False, index=True),
    sa.Column("second_id", sa.String(36), nullable=False, index=True),
    sa.Column("source", sa.String(10), nullable=False),
    sa.Column("match_id", sa.String(36)),
    sa.Column("listing_id", sa.String(36)),
    sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ended_at", sa.DateTime(timezone=True)),
    sa.Column("ended_by", sa.String(36)),
    sa.Column("end_reason", sa.String(500)),
    sa.Column(
        "ended_by_block", sa.Boolean, nullable=False, default=False, server_default=sa.false()
    ),
)
MESSAGES = sa.Table(
    "matching_messages",
    _meta,
    # Log order: the subscriber inserts in the order of the log.
    serial_id("seq"),
    sa.Column("message_id", sa.String(36), nullable=False, unique=True),
    sa.Column("connection_id", sa.String(36), nullable=False, index=True),
    sa.Column("author_id", sa.String(36), nullable=False, index=True),
    sa.Column("recipient_id", sa.String(36), nullable=False),
    sa.Column("text", sa.Text),
    sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
)
THANKS = sa.Table(
    "matching_thanks",
    _meta,
    sa.Column("thanks_id", sa.String(36), primary_key=True),
    sa.Column("connection_id", sa.String(36), nullable=False),
    sa.Column("author_id", sa.String(36), nullable=False, index=True),
    sa.Column("recipient_id", sa.String(36), nullable=False, index=True),
    sa.Column("text", sa.String(500)),
    sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
)
BLOCKS = sa.Table(
    "matching_blocks",
    _meta,
    sa.Column("blocker_id", sa.String(36), primary_key=True),
    sa.Column("blocked_id", sa.String(36), primary_key=True, index=True),
    sa.Column("since", sa.DateTime(timezone=True), nullable=False),
)
define = generations(connections=CONNECTIONS, messages=MESSAGES, thanks=THANKS, blocks=BLOCKS)


def read_model(codec: Codec) -> Subscriber:
    handle = each_event(codec, apply)
    return Subscriber(
        NAME, handle, define=define, types=TYPES, version=VERSION, scrub_after=SCRUB_AFTER
    )


def apply(tx: Connection, t: SimpleNamespace, event: Any, _version: int) -> None:
    c, m = t.connections, t.messages
    match event:
        case ConnectionMade():
            first, second = (str(r) for r in event.resident_ids)
            tx.execute(
                c.insert().values(
                    connection_id=str(event.connection_id), first_id=first, second_id=second,
                    source=event.source, match_id=_maybe(event.match_id),
                    listing_id=_maybe(event.listing_id), made_at=event.made_at,
                    last_at=event.made_at,
                )
            )  # fmt: skip
        case MessagePosted():
            tx.execute(
                m.insert().values(
                    message_id=str(event.message_id), connection_id=str(event.connection_id),
                    author_id=str(event.author_id), recipient_id=str(event.recipient_id),
                    text=plain(event.text), posted_at=event.posted_at,
                )
            )  # fmt: skip
            _touch(tx, t, event.connection_id, last_at=event.posted_at)
        case ConnectionEnded():
            _touch(
                tx, t, event.connection_id, ended_at=event.ended_at, ended_by=str(event.ended_by),
                end_reason=plain(event.reason), ended_by_block=event.blocked,
            )  # fmt: skip
        case ThanksGiven():
            tx.execute(
                t.thanks.insert().values(
                    thanks_id=str(event.thanks_id), connection_id=str(event.connection_id),
                    author_id=str(event.author_id), recipient_id=str(event.recipient_id),
                    text=plain(event.text), given_at=event.given_at,
                )
            )  # fmt: skip
        case ResidentBlocked():
            _block(tx, t, event)
        case ResidentUnblocked():
            b = t.blocks
            tx.execute(
                b.delete().where(
                    b.c.blocker_id == str(event.blocker_id), b.c.blocked_id == str(event.blocked_id)
                )
            )
        case ResidentErased():
            _erase(tx, t, str(event.resident_id))


def _maybe(value: Any) -> str | None:
    return None if value is None else str(value)


def _touch(tx: Connection, t: SimpleNamespace, connection_id: Any, **values: Any) -> None:
    c = t.connections
    tx.execute(c.update().where(c.c.connection_id == str(connection_id)).values(**values))


def _block(tx: Connection, t: SimpleNamespace, event: ResidentBlocked) -> None:
    b = t.blocks
    tx.execute(
        b.insert().values(
            blocker_id=str(event.blocker_id), blocked_id=str(event.blocked_id),
            since=event.blocked_at,
        )
    )  # fmt: skip


def _erase(tx: Connection, t: SimpleNamespace, rid: str) -> None:
    for table in (t.messages, t.thanks):
        tx.execute(table.update().where(table.c.author_id == rid).values(text=None))
    c = t.connections
    tx.execute(c.update().where(c.c.ended_by == rid).values(end_reason=None))
