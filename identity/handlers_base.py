"""The machinery every identity handler shares: load a stream, fold it, decide, append with the
version read, and retry on a conflicting append. IdentityHandlers (handlers.py) is built on it.

Metadata: the actor, the command id as causation id, and as correlation id the one the caller
handed in with `correlated()` (the gateway's request id), else the command id itself.
"""

from __future__ import annotations

import copy
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self, TypeVar

from contracts.envelope import Metadata
from services.eventstore import NO_STREAM, EventStore, RecordedEvent, WrongExpectedVersion
from services.eventstore.codec import Codec
from services.eventstore.keyring import Keyring

from . import domain
from .domain import EmailClaim, Resident
from .domain_errors import IdentityError, RefusalWithRecord
from .handlers_ports import (
    Geocoder,
    LetterBox,
    PasswordHasher,
    ProofStore,
    SignInLimiter,
)

S = TypeVar("S")
E = TypeVar("E")
ATTEMPTS = 5


@dataclass(frozen=True)
class Outcome:
    """What one command did to one stream. `appended` is False for a no-op or a repeat."""

    position: str | None
    events: tuple[Any, ...]
    appended: bool


def event_id(command_id: uuid.UUID, stream: str, index: int) -> uuid.UUID:
    return uuid.uuid5(command_id, f"{stream}#{index}")


def derived_id(command_id: uuid.UUID, what: str) -> uuid.UUID:
    return uuid.uuid5(command_id, what)


def correlation_of(value: object) -> uuid.UUID | None:
    """The caller's correlation id if it is a UUID (as a UUID or its text), else None.

    Anything else is ignored rather than refused: a missing or malformed id must not cost the
    resident their command, and only a UUID may reach metadata, which is stored in clear."""
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


class HandlerBase:
    def __init__(
        self,
        store: EventStore,
        codec: Codec,
        keyring: Keyring,
        clock: Callable[[], datetime],
        passwords: PasswordHasher,
        limiter: SignInLimiter,
        geocoder: Geocoder,
        letters: LetterBox,
        proofs: ProofStore,
        new_code: Callable[[], str],
        hash_code: Callable[[str, str], str],
        new_session_id: Callable[[], str] = lambda: secrets.token_urlsafe(32),
    ) -> None:
        self._store = store
        self._codec = codec
        self._keyring = keyring
        self._clock = clock
        self._passwords = passwords
        self._limiter = limiter
        self._geocoder = geocoder
        self._letters = letters
        self._proofs = proofs
        self._new_code = new_code
        self._hash_code = hash_code
        self._new_session_id = new_session_id
        self._correlation_id: uuid.UUID | None = None

    def correlated(self, correlation_id: object) -> Self:
        """These handlers, with `correlation_id` (when it is a UUID, see correlation_of) as the
        correlation id of every event their commands append; the causation id stays the
        command's id. A copy sharing the same ports: the correlation is one caller's."""
        handlers = copy.copy(self)
        handlers._correlation_id = correlation_of(correlation_id)
        return handlers

    def _metadata(self, actor: str, command_id: uuid.UUID) -> Metadata:
        if self._correlation_id is None:
            return Metadata.start(actor, command_id)
        return Metadata(str(self._correlation_id), str(command_id), actor)

    # Reading

    def _read(self, stream: str) -> tuple[list[RecordedEvent], list[Any]]:
        recorded = self._store.read_stream(stream)
        return recorded, [self._codec.decode(r).event for r in recorded]

    def resident(self, resident_id: uuid.UUID) -> Resident:
        return domain.fold(self._read(domain.resident_stream(resident_id))[1])

    def _claim(self, email: str) -> EmailClaim:
        claim = EmailClaim()
        for event in self._read(domain.email_claim_stream(email))[1]:
            claim = domain.evolve_claim(claim, event)
        return claim

    # The one way to change a stream

    def _execute(
        self,
        stream: str,
        command_id: uuid.UUID,
        actor: str,
        initial: S,
        evolve: Callable[[S, Any], S],
        decide: Callable[[S], Sequence[E]],
    ) -> Outcome:
        metadata = self._metadata(actor, command_id)
        for attempt in range(ATTEMPTS):
            recorded, events = self._read(stream)
            ours = {event_id(command_id, stream, i) for i in range(len(recorded) + 1)}
            done = [i for i, r in enumerate(recorded) if r.event_id in ours]
            state = initial
            for event in events[: done[0] if done else len(events)]:
                state = evolve(state, event)
            if done:
                return self._repeat(recorded, events, done, state, decide)
            refusal: RefusalWithRecord | None = None
            try:
                decided: Sequence[Any] = decide(state)
            except RefusalWithRecord as refused:
                refusal, decided = refused, refused.events
            if not decided:
                return Outcome(str(recorded[-1].position) if recorded else None, (), False)
            new = [
                self._codec.encode(e, metadata, event_id=event_id(command_id, stream, i))
                for i, e in enumerate(decided)
            ]
            expected = recorded[-1].version if recorded else NO_STREAM
            try:
                result = self._store.append(stream, new, expected_version=expected)
            except WrongExpectedVersion:
                if attempt == ATTEMPTS - 1:
                    raise
                continue
            if refusal is not None:
                raise refusal
            return Outcome(str(result.position), tuple(decided), True)
        raise AssertionError("unreachable")

    def _repeat(
        self,
        recorded: list[RecordedEvent],
        events: list[Any],
        done: list[int],
        state: S,
        decide: Callable[[S], Sequence[E]],
    ) -> Outcome:
        # The command was applied before: answer as the first attempt did, appending nothing.
        try:
            decide(state)
        except RefusalWithRecord as refused:
            raise refused from None
        except IdentityError:
            pass  # time moved on since the first attempt; what it recorded stands
        return Outcome(
            str(recorded[done[-1]].position), tuple(events[i] for i in done), appended=False
        )

    def _on_resident(
        self,
        resident_id: uuid.UUID,
        command_id: uuid.UUID,
        actor: str | None,
        decide: Callable[[Resident], Sequence[Any]],
    ) -> Outcome:
        return self._execute(
            domain.resident_stream(resident_id),
            command_id,
            actor or f"resident:{resident_id}",
            domain.INITIAL,
            domain.evolve,
            decide,
        )
