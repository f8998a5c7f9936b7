"""A connection between two residents, rebuilt from its stream (matching.connection-<id>), and
what it decides: made once, messages while it is open (rate limited per author), ended by
either side or by a block, thanked once by each side."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import reduce

from contracts.matching import refusals
from contracts.matching.events import (
    ConnectionEnded,
    ConnectionEvent,
    ConnectionMade,
    MessagePosted,
    ThanksGiven,
)
from matching.commands.connections import (
    ConnectionCommand,
    EndConnection,
    EndForBlock,
    GiveThanks,
    MakeConnection,
    PostMessage,
)
from matching.domain import errors

MAX_MESSAGE = int(refusals.INVALID_CONNECTION_MESSAGE.limits["max_length"])
MAX_THANKS = int(refusals.INVALID_THANKS.limits["max_length"])
MAX_END_REASON = int(refusals.INVALID_END_REASON.limits["max_length"])
MESSAGES_PER_WINDOW = int(refusals.TOO_MANY_MESSAGES.limits["max_messages"])
MESSAGE_WINDOW = timedelta(minutes=refusals.TOO_MANY_MESSAGES.limits["window_minutes"])


def connection_stream(connection_id: uuid.UUID) -> str:
    return f"matching.connection-{connection_id}"


@dataclass(frozen=True)
class Connection:
    """`recent`: per author, the times of their last MESSAGES_PER_WINDOW messages (oldest
    first), all the rate limit needs. `blocked`: ended because one side blocked the other. An
    ending's reason is its author's words, sealed in the log: the state keeps none of it, so
    that it may be remembered between commands (docs/decisions/0072)."""

    connection_id: uuid.UUID | None = None
    resident_ids: tuple[uuid.UUID, ...] = ()
    is_open: bool = False
    blocked: bool = False
    recent: tuple[tuple[uuid.UUID, tuple[datetime, ...]], ...] = ()
    thanked_by: frozenset[uuid.UUID] = frozenset()

    @property
    def exists(self) -> bool:
        return self.connection_id is not None

    def other(self, resident_id: uuid.UUID) -> uuid.UUID:
        first, second = self.resident_ids
        return second if resident_id == first else first

    def sent(self, author_id: uuid.UUID) -> tuple[datetime, ...]:
        return next((times for who, times in self.recent if who == author_id), ())


INITIAL = Connection()


def evolve(state: Connection, event: ConnectionEvent) -> Connection:
    match event:
        case ConnectionMade():
            pair = tuple(event.resident_ids)
            return replace(
                state, connection_id=event.connection_id, resident_ids=pair, is_open=True
            )
        case MessagePosted():
            kept = (*state.sent(event.author_id), event.posted_at)[-MESSAGES_PER_WINDOW:]
            others = tuple((w, t) for w, t in state.recent if w != event.author_id)
            return replace(state, recent=(*others, (event.author_id, kept)))
        case ConnectionEnded():
            return replace(state, is_open=False, blocked=event.blocked)
        case ThanksGiven():
            return replace(state, thanked_by=state.thanked_by | {event.author_id})
    return state


def fold(events: Iterable[ConnectionEvent]) -> Connection:
    return reduce(evolve, events, INITIAL)


def decide(command: ConnectionCommand, state: Connection) -> list[ConnectionEvent]:
    match command:
        case MakeConnection():
            return _make(command, state)
        case PostMessage():
            return _post(command, state)
        case EndConnection():
            return _end(command, state)
        case EndForBlock():
            return _end_for_block(command, state)
        case GiveThanks():
            return _thank(command, state)
    raise TypeError(f"not a connection command: {type(command).__name__}")


def _make(command: MakeConnection, state: Connection) -> list[ConnectionEvent]:
    first, second = command.resident_ids
    # Made once: a match and a response naming the same id, or a repeat, add nothing; a pair
    # one of whom blocked the other is never put in touch.
    if state.exists or command.blocked or first == second:
        return []
    made = ConnectionMade(
        command.connection_id, (first, second), command.source, command.at,
        command.match_id, command.listing_id,
    )  # fmt: skip
    return [made]


def _side(state: Connection, resident_id: uuid.UUID) -> None:
    if not state.exists or resident_id not in state.resident_ids:
        raise errors.UnknownConnection("no such connection")


def _post(command: PostMessage, state: Connection) -> list[ConnectionEvent]:
    _side(state, command.author_id)
    if command.blocked:
        raise errors.Blocked("a block stands between the two sides")
    if not state.is_open:
        raise errors.ConnectionEnded("no message in an ended connection")
    text = command.text.strip()
    if not 1 <= len(text) <= MAX_MESSAGE:
        raise errors.InvalidConnectionMessage(f"a message has 1 to {MAX_MESSAGE} characters")
    window = [t for t in state.sent(command.author_id) if t > command.at - MESSAGE_WINDOW]
    if len(window) >= MESSAGES_PER_WINDOW:
        wait = (window[0] + MESSAGE_WINDOW - command.at).total_seconds()
        raise errors.TooManyMessages(max(1, int(wait + 0.999)))
    other = state.other(command.author_id)
    posted = MessagePosted(
        command.connection_id, command.message_id, command.author_id, other, text, command.at
    )
    return [posted]


def _end(command: EndConnection, state: Connection) -> list[ConnectionEvent]:
    _side(state, command.resident_id)
    if not state.is_open:
        raise errors.ConnectionEnded("this connection has ended already")
    reason = None if command.reason is None else command.reason.strip() or None
    if reason is not None and len(reason) > MAX_END_REASON:
        raise errors.InvalidEndReason(f"a reason has at most {MAX_END_REASON} characters")
    return [_ended(state, command.resident_id, command.at, reason)]


def _end_for_block(command: EndForBlock, state: Connection) -> list[ConnectionEvent]:
    if not state.is_open or command.blocker_id not in state.resident_ids:
        return []
    return [_ended(state, command.blocker_id, command.at, None, blocked=True)]


def _ended(
    state: Connection, by: uuid.UUID, at: datetime, reason: str | None, blocked: bool = False
) -> ConnectionEnded:
    assert state.connection_id is not None
    first, second = state.resident_ids
    return ConnectionEnded(state.connection_id, by, (first, second), at, reason, blocked)


def _thank(command: GiveThanks, state: Connection) -> list[ConnectionEvent]:
    _side(state, command.author_id)
    if command.blocked:
        raise errors.Blocked("a block stands between the two sides")
    if state.blocked:
        raise errors.EndedByBlock("a block ended this connection")
    if command.author_id in state.thanked_by:
        raise errors.AlreadyThanked("one thank-you per side and connection")
    text = command.text.strip()
    if not 1 <= len(text) <= MAX_THANKS:
        raise errors.InvalidThanks(f"a thank-you has 1 to {MAX_THANKS} characters")
    other = state.other(command.author_id)
    thanks = ThanksGiven(
        command.connection_id, command.thanks_id, command.author_id, other, text, command.at
    )
    return [thanks]
