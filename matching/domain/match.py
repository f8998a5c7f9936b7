"""A match between an offer and a request, rebuilt from its stream `matching.match-<id>`.

Proposed once (a proposal to an existing stream decides nothing); each side accepts or
declines; the second acceptance connects the pair (MatchConnected, with the connection's id
derived from the match's). One decline ends it for both; the system withdraws an open match
whose listing closed, whose residents blocked each other or one of whom was erased.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from functools import reduce
from typing import Any

from contracts.matching.events import (
    MatchAccepted,
    MatchConnected,
    MatchDeclined,
    MatchEvent,
    MatchProposed,
    MatchWithdrawn,
)
from contracts.matching.matches import STATUSES, connection_id_for, match_stream
from matching.commands import AcceptMatch, DeclineMatch, MatchCommand, ProposeMatch, WithdrawMatch
from matching.domain.errors import AlreadyAnswered, MatchNotOpen, UnknownMatch

NONE = "none"
OPEN = "open"
DECLINED = "declined"
CONNECTED = "connected"
WITHDRAWN = "withdrawn"

__all__ = ["INITIAL", "STATUSES", "Match", "decide", "evolve", "fold", "match_stream"]


@dataclass(frozen=True)
class Match:
    status: str = NONE
    match_id: uuid.UUID | None = None
    offer_id: uuid.UUID | None = None
    request_id: uuid.UUID | None = None
    residents: tuple[uuid.UUID, ...] = ()
    accepted: frozenset[uuid.UUID] = frozenset()


INITIAL = Match()


def evolve(state: Match, event: MatchEvent) -> Match:
    match event:
        case MatchProposed():
            return Match(
                OPEN,
                event.match_id,
                event.offer_id,
                event.request_id,
                (event.offer_author_id, event.request_author_id),
            )
        case MatchAccepted():
            return replace(state, accepted=state.accepted | {event.resident_id})
        case MatchDeclined():
            return replace(state, status=DECLINED)
        case MatchConnected():
            return replace(state, status=CONNECTED)
        case MatchWithdrawn():
            return replace(state, status=WITHDRAWN)
    return state


def fold(events: list[Any]) -> Match:
    return reduce(evolve, events, INITIAL)


def decide(command: MatchCommand, state: Match) -> list[Any]:
    match command:
        case ProposeMatch():
            return [] if state.status != NONE else [_proposed(command)]
        case AcceptMatch():
            return _accept(command, state)
        case DeclineMatch():
            other = _answerable(state, command.resident_id)
            return [MatchDeclined(command.match_id, command.resident_id, other, command.at)]
        case WithdrawMatch():
            if state.status != OPEN:
                return []
            return [
                MatchWithdrawn(command.match_id, command.cause, list(state.residents), command.at)
            ]
    raise TypeError(type(command).__name__)


def _proposed(command: ProposeMatch) -> MatchProposed:
    return MatchProposed(
        command.match_id,
        command.offer_id,
        command.request_id,
        command.offer_author_id,
        command.request_author_id,
        command.neighbourhood_id,
        command.category,
        command.score,
        [dict(reason) for reason in command.reasons],
        command.at,
    )


def _answerable(state: Match, resident_id: uuid.UUID) -> uuid.UUID:
    """The other side of an open match `resident_id` is part of and has not accepted yet."""
    if state.status == NONE or resident_id not in state.residents:
        raise UnknownMatch("no such match for this resident")
    if state.status != OPEN:
        raise MatchNotOpen(f"the match is {state.status}")
    if resident_id in state.accepted:
        raise AlreadyAnswered("this side accepted already")
    return next(r for r in state.residents if r != resident_id)


def _accept(command: AcceptMatch, state: Match) -> list[Any]:
    other = _answerable(state, command.resident_id)
    accepted = MatchAccepted(command.match_id, command.resident_id, other, command.at)
    if other not in state.accepted:
        return [accepted]
    assert state.match_id and state.offer_id and state.request_id
    connected = MatchConnected(
        state.match_id,
        connection_id_for(state.match_id),
        list(state.residents),
        state.offer_id,
        state.request_id,
        command.at,
    )
    return [accepted, connected]
