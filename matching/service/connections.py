"""The matching service's doors of connections: a resident's connections and one of them, its
messages, writing, ending, thanking; a resident's thanks; blocking and unblocking, and the
blocks a resident made. Commands bring the facts they need from the read models (whether a block
stands between the two, whether a resident exists) and answer their ids and position; queries
given `after=<position>` answer once the read models have applied it.
"""

from __future__ import annotations

import uuid
from typing import Any

from matching.commands.blocks import BlockResident, UnblockResident
from matching.commands.connections import EndConnection, GiveThanks, PostMessage
from matching.domain.errors import UnknownConnection, UnknownResident
from matching.handlers.connections import resident_actor
from matching.projections import contacts
from matching.projections import conversations as queries
from matching.service.errors import DOOR
from services.runtime import read_models
from services.runtime.command_door import command_door
from services.runtime.doors import done

# Longer than any text the domain accepts: the domain refuses with the rule's own refusal.
LONGEST = 20_000
PAGE = 30


reading = read_models.reader(DOOR)


def _as_resident(handlers: Any, command: Any, actor_id: uuid.UUID) -> str | None:
    position: str | None = handlers.execute(command, resident_actor(actor_id)).position
    return position


def _written(
    service: Any,
    kind: type[PostMessage] | type[GiveThanks],
    command_id: str,
    connection_id: str,
    author_id: str,
    text: str,
) -> tuple[Any, str | None]:
    """Run the author's words (a message, a thank-you) in the connection, with whether a block
    stands between its two sides as the read model knows it: the command, and its position."""
    cid, author = DOOR.uid(connection_id, "connection_id"), DOOR.uid(author_id, "author_id")
    said = DOOR.text(text, "text", LONGEST)
    state = service.handlers.connection(cid)
    blocked = False  # outside the connection, the domain answers unknown_connection
    if state.exists and author in state.resident_ids:
        with reading(service, None) as conn:
            other = state.other(author)
            blocked = queries.blocked_between(conn, service.read.connections, author, other)
    at = service.handlers.clock()
    command = kind(DOOR.uid(command_id, "command_id"), cid, author, said, blocked, at)
    return command, _as_resident(service.handlers, command, author)


@DOOR.rpc
@DOOR.wrap
def post_message(
    service: Any, command_id: str, connection_id: str, author_id: str, text: str
) -> dict[str, Any]:
    """-> {message_id, position}. unknown_connection, connection_ended, blocked,
    invalid_connection_message, too_many_messages (details.retry_after_seconds)."""
    command, position = _written(service, PostMessage, command_id, connection_id, author_id, text)
    return done(position, message_id=command.message_id)


@DOOR.rpc
@DOOR.wrap
def give_thanks(
    service: Any, command_id: str, connection_id: str, author_id: str, text: str
) -> dict[str, Any]:
    """-> {thanks_id, position}. unknown_connection, blocked, ended_by_block, already_thanked,
    invalid_thanks."""
    command, position = _written(service, GiveThanks, command_id, connection_id, author_id, text)
    return done(position, thanks_id=command.thanks_id)


end_connection = command_door(
    DOOR,
    EndConnection,
    "end_connection",
    actor="resident_id",
    longest={"reason": LONGEST},
    run=_as_resident,
    doc="Either side. -> {position}. unknown_connection, connection_ended, invalid_end_reason.",
)


def _known(service: Any, values: dict[str, Any]) -> bool:
    with reading(service, None) as conn:
        return contacts.known(conn, service.read.contacts, values["blocked_id"])


block = command_door(
    DOOR,
    BlockResident,
    "block",
    actor="blocker_id",
    supplied={"known": _known},
    run=_as_resident,
    doc="-> {position}. unknown_resident, cannot_block_yourself, already_blocked, "
    "too_many_blocks. Their open connection ends; they are never connected again.",
)
unblock = command_door(
    DOOR,
    UnblockResident,
    "unblock",
    actor="blocker_id",
    run=_as_resident,
    doc="-> {position}. not_blocked.",
)


@DOOR.rpc
@DOOR.wrap
def connections(service: Any, viewer_id: str, after: str | None = None) -> list[dict[str, Any]]:
    """The viewer's connections, the most recently active first."""
    who = DOOR.uid(viewer_id, "viewer_id")
    with reading(service, after) as conn:
        return queries.connections_of(conn, service.read.connections, service.read.contacts, who)


@DOOR.rpc
@DOOR.wrap
def connection(
    service: Any, connection_id: str, viewer_id: str, after: str | None = None
) -> dict[str, Any]:
    """One connection with what the other side reveals. unknown_connection."""
    cid, who = DOOR.uid(connection_id, "connection_id"), DOOR.uid(viewer_id, "viewer_id")
    read = service.read
    with reading(service, after) as conn:
        found = queries.connection(conn, read.connections, read.contacts, cid, who)
    if found is None:
        raise UnknownConnection("no such connection")
    return found


@DOOR.rpc
@DOOR.wrap
def messages(
    service: Any,
    connection_id: str,
    viewer_id: str,
    cursor: str | None = None,
    limit: int = PAGE,
    after: str | None = None,
) -> dict[str, Any]:
    """The newest messages before `cursor`, oldest first: {items, next_cursor} (older ones).
    unknown_connection."""
    cid, who = DOOR.uid(connection_id, "connection_id"), DOOR.uid(viewer_id, "viewer_id")
    size = DOOR.limit(limit)
    shown_cursor = DOOR.maybe(cursor, "cursor", 100)
    with reading(service, after) as conn:
        found = queries.messages(conn, service.read.connections, cid, who, shown_cursor, size)
    if found is None:
        raise UnknownConnection("no such connection")
    return found


@DOOR.rpc
@DOOR.wrap
def thanks(
    service: Any, resident_id: str, viewer_id: str, after: str | None = None
) -> dict[str, Any]:
    """{resident: {resident_id, display_name}, items}: the thanks the resident received, newest
    first, shown to them and their neighbours. unknown_resident."""
    rid, who = DOOR.uid(resident_id, "resident_id"), DOOR.uid(viewer_id, "viewer_id")
    read = service.read
    with reading(service, after) as conn:
        found = queries.thanks_for(conn, read.connections, read.contacts, rid, who)
    if found is None:
        raise UnknownResident("no such resident")
    return found


@DOOR.rpc
@DOOR.wrap
def blocks(service: Any, resident_id: str, after: str | None = None) -> list[dict[str, Any]]:
    """Whom the resident blocks, the latest first."""
    who = DOOR.uid(resident_id, "resident_id")
    with reading(service, after) as conn:
        return queries.blocks_of(conn, service.read.connections, service.read.contacts, who)


DOORS = (
    post_message,
    give_thanks,
    end_connection,
    block,
    unblock,
    connections,
    connection,
    messages,
    thanks,
    blocks,
)
