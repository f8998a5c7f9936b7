"""Connecting: a match both sides accepted (matching.MatchConnected), a listing's author going
ahead with a responder (listings.ResponderChosen) or a giveaway's recipient chosen
(listings.RecipientChosen: first come, or the giver's pick) becomes a connection (ConnectionMade
on matching.connection-<connection_id>), unless one of the two blocks the other; a block ends every
open connection between the two (ConnectionEnded, `blocked`).

The policy follows, in log order, the blocks and the connections it knows of, in tables of its
own, so it judges each event as things stood when it was recorded, whatever runs late: a
connection it makes is known open at once, so a block recorded before its ConnectionMade comes
back still ends it. Run again over the same event (a crash before the checkpoint moved, a
rebuild, a message delivered twice), it issues the same commands with the same ids, derived from
the event's: nothing is appended twice, and a match and a response naming one connection make
it once.

    subscriber = connecting(codec, streams)
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.listings.events import RecipientChosen, ResponderChosen
from contracts.matching.events import (
    ConnectionEnded,
    ConnectionMade,
    MatchConnected,
    ResidentBlocked,
    ResidentUnblocked,
)
from matching.commands.connections import EndForBlock, MakeConnection
from matching.handlers.connections import SYSTEM
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber, generations

NAME = "matching.connecting"
# 2: giveaways' recipients are connected too; the rebuild connects those chosen before.
VERSION = 2
TYPES = (
    "listings.ResponderChosen",
    "listings.RecipientChosen",
    "matching.MatchConnected",
    "matching.ConnectionMade",
    "matching.ConnectionEnded",
    "matching.ResidentBlocked",
    "matching.ResidentUnblocked",
)
_NAMESPACE = uuid.UUID("6f1d2c4e-8b3a-4e5f-9c07-2a8d41e6b953")


class RunsCommands(Protocol):
    def execute(self, command: Any, actor: str) -> Any: ...


def command_id_for(event_id: uuid.UUID, what: str) -> uuid.UUID:
    """A command's id, the same however often the causing event is handled."""
    return uuid.uuid5(_NAMESPACE, f"{what}/{event_id}")


_meta = sa.MetaData()
BLOCKS = sa.Table(
    "matching_policy_blocks",
    _meta,
    sa.Column("blocker_id", sa.String(36), primary_key=True),
    sa.Column("blocked_id", sa.String(36), primary_key=True),
)
OPEN = sa.Table(
    "matching_policy_open",
    _meta,
    sa.Column("connection_id", sa.String(36), primary_key=True),
    sa.Column("first_id", sa.String(36), nullable=False, index=True),
    sa.Column("second_id", sa.String(36), nullable=False, index=True),
)
define = generations(blocks=BLOCKS, open=OPEN)


def connecting(codec: Codec, streams: RunsCommands) -> Subscriber:
    def handle(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent) -> None:
        event = codec.decode(recorded).event
        for command in react(tx, t, recorded, event):
            streams.execute(command, SYSTEM)

    return Subscriber(NAME, handle, define=define, types=TYPES, version=VERSION)


def react(
    tx: Connection, t: SimpleNamespace, recorded: RecordedEvent, event: Any
) -> list[MakeConnection | EndForBlock]:
    """Follow blocks and open connections; the commands an event calls for."""
    match event:
        case ResponderChosen():
            return _responded(tx, t, recorded, event, (event.author_id, event.responder_id))
        case RecipientChosen():
            # One connection per response, whoever chose it: a giver who also went ahead with
            # the same responder names the same connection, which is made once.
            return _responded(tx, t, recorded, event, (event.giver_id, event.recipient_id))
        case MatchConnected():
            first, second = event.resident_ids
            made = MakeConnection(
                command_id_for(recorded.event_id, "connect"), event.connection_id,
                (first, second), "match", event.match_id, None, _blocked(tx, t, first, second),
                event.connected_at,
            )  # fmt: skip
            return _connect(tx, t, made)
        case ConnectionMade():
            _opened(tx, t, event.connection_id, *event.resident_ids)
        case ConnectionEnded():
            tx.execute(t.open.delete().where(t.open.c.connection_id == str(event.connection_id)))
        case ResidentBlocked():
            return _block(tx, t, recorded, event)
        case ResidentUnblocked():
            b = t.blocks
            tx.execute(
                b.delete().where(
                    b.c.blocker_id == str(event.blocker_id), b.c.blocked_id == str(event.blocked_id)
                )
            )
    return []


def _responded(
    tx: Connection,
    t: SimpleNamespace,
    recorded: RecordedEvent,
    event: ResponderChosen | RecipientChosen,
    pair: tuple[uuid.UUID, uuid.UUID],
) -> list[Any]:
    made = MakeConnection(
        command_id_for(recorded.event_id, "connect"), event.connection_id, pair, "response",
        None, event.listing_id, _blocked(tx, t, *pair), event.chosen_at,
    )  # fmt: skip
    return _connect(tx, t, made)


def _blocked(tx: Connection, t: SimpleNamespace, a: uuid.UUID, b: uuid.UUID) -> bool:
    k = t.blocks
    pairs = sa.or_(
        sa.and_(k.c.blocker_id == str(a), k.c.blocked_id == str(b)),
        sa.and_(k.c.blocker_id == str(b), k.c.blocked_id == str(a)),
    )
    return tx.execute(sa.select(k.c.blocker_id).where(pairs)).first() is not None


def _connect(tx: Connection, t: SimpleNamespace, made: MakeConnection) -> list[Any]:
    if made.blocked:
        return [made]  # decided on, so the refusal to connect is the domain's (it records none)
    _opened(tx, t, made.connection_id, *made.resident_ids)
    return [made]


def _opened(tx: Connection, t: SimpleNamespace, connection_id: uuid.UUID, *pair: uuid.UUID) -> None:
    o, cid = t.open, str(connection_id)
    if tx.execute(sa.select(o.c.connection_id).where(o.c.connection_id == cid)).first() is None:
        first, second = (str(r) for r in pair)
        tx.execute(o.insert().values(connection_id=cid, first_id=first, second_id=second))


def _block(
    tx: Connection, t: SimpleNamespace, recorded: RecordedEvent, event: ResidentBlocked
) -> list[Any]:
    blocker, blocked = str(event.blocker_id), str(event.blocked_id)
    tx.execute(t.blocks.insert().values(blocker_id=blocker, blocked_id=blocked))
    o = t.open
    pair = sa.or_(
        sa.and_(o.c.first_id == blocker, o.c.second_id == blocked),
        sa.and_(o.c.first_id == blocked, o.c.second_id == blocker),
    )
    found = tx.execute(sa.select(o.c.connection_id).where(pair)).scalars()
    return [
        EndForBlock(
            command_id_for(recorded.event_id, f"end/{cid}"),
            uuid.UUID(cid),
            event.blocker_id,
            event.blocked_at,
        )
        for cid in found
    ]
