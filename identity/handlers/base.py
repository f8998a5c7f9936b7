"""The machinery every identity handler shares: load a stream, fold it, decide, append with the
version read, and retry on a conflicting append (the platform's StreamHandler, with identity's
refusals that still record). IdentityHandlers (handlers.py) is built on it.

Metadata: the actor, the command id as causation id, and as correlation id the one the caller
handed in with `correlated()` (the gateway's request id), else the command id itself.
"""

from __future__ import annotations

import copy
import secrets
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Self, TypeVar, get_args

from contracts.envelope import Metadata
from contracts.pii import is_erased
from identity.commands import ReceiveVouch, RecordedCommand, VouchForNeighbour
from identity.domain import email_claim, resident
from identity.domain import state as resident_state
from identity.domain.email_claim import EmailClaim
from identity.domain.errors import (
    CurrentPasswordWrong,
    EmailTaken,
    IdentityError,
    RefusalWithRecord,
    TooManySignInAttempts,
)
from identity.domain.state import Resident
from identity.domain.verification import reviewer_facts
from identity.ports import (
    Geocoder,
    LetterBox,
    PasswordHasher,
    ProofStore,
    SignInLimiter,
)
from services.eventstore import EventStore, RecordedEvent
from services.eventstore.codec import Codec
from services.eventstore.handling import Outcome, StreamHandler
from services.eventstore.keyring import Keyring
from services.runtime.aggregates import Aggregate

S = TypeVar("S")
E = TypeVar("E")


def _resident_of(command: Any) -> uuid.UUID:
    """The resident whose stream a command is decided on: a vouch is counted on the voucher's,
    and received on the vouchee's."""
    if isinstance(command, VouchForNeighbour):
        return command.voucher_id
    if isinstance(command, ReceiveVouch):
        return command.vouchee_id
    resident_id: uuid.UUID = command.resident_id
    return resident_id


def _stream_of(command: Any) -> str:
    return resident_state.resident_stream(_resident_of(command))


RESIDENT = Aggregate(_stream_of, resident_state.INITIAL, resident_state.evolve, resident.decide)
# Every identity command decided on one stream. The e-mail claim's stream is named by the
# address, which a release does not carry: claims are run as explicit steps (handlers/orphans.py).
HANDLERS: dict[type[Any], Aggregate] = {command: RESIDENT for command in get_args(RecordedCommand)}


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
        new_token: Callable[[], str] = lambda: secrets.token_urlsafe(32),
    ) -> None:
        self._store = store
        self._keyring = keyring
        self._clock = clock
        self.clock = clock  # the doors stamp their commands with it
        self._passwords = passwords
        self._limiter = limiter
        self._geocoder = geocoder
        self._letters = letters
        self._proofs = proofs
        self._new_code = new_code
        self._hash_code = hash_code
        self._new_session_id = new_session_id
        self._new_token = new_token  # the secret of a link sent by e-mail
        self._correlation_id: uuid.UUID | None = None
        self._streams = StreamHandler(store, codec)

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
        return self._streams.read(stream)

    def resident(self, resident_id: uuid.UUID) -> Resident:
        return resident_state.fold(self._read(resident_state.resident_stream(resident_id))[1])

    def _claim(self, email: str) -> EmailClaim:
        claim = EmailClaim()
        for event in self._read(email_claim.email_claim_stream(email))[1]:
            claim = email_claim.evolve_claim(claim, event)
        return claim

    def _check_still_claimed(self, email: str, resident_id: uuid.UUID) -> None:
        """Raises EmailTaken when the claim a sign-up made was released as an orphan (this very
        sign-up stopped halfway, policies.py) and its resident was never recorded: a late retry
        must not record a resident without their address."""
        claim = self._claim(email)
        if claim.held and claim.resident_id == resident_id:
            return
        if not self.resident(resident_id).registered:
            raise EmailTaken("this sign-up was abandoned; sign up again")

    # Throttled checks of a password (ratelimit.py)

    def _throttled(self, account: str, source: str, device: str | None) -> None:
        verdict = self._limiter.check(account, source, device)
        if not verdict.allowed:
            raise TooManySignInAttempts(verdict.retry_after)

    def _reauthenticate(
        self, state: Resident, password: str, source: str, device: str | None
    ) -> None:
        """The resident typed their password again before a grave change: CurrentPasswordWrong
        (counted as a failed sign-in) or TooManySignInAttempts. An erased resident has nothing
        left to guard: a retried erasure goes through, answering as the first one did."""
        if not state.registered or state.erased or is_erased(state.email):
            return
        account = email_claim.email_key(state.email)
        self._throttled(account, source, device)
        stored = state.password_hash if state.password_hash else None
        if not self._passwords.verify_or_dummy(stored, password):
            self._limiter.record_failure(account, source, device)
            raise CurrentPasswordWrong("the password is wrong")

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
        """StreamHandler.execute, with identity's refusals that still record: a RefusalWithRecord
        has its events appended, then is raised; on a repeat it is raised again."""
        refusals: list[RefusalWithRecord] = []

        def recording(state: S) -> Sequence[Any]:
            refusals.clear()  # only the last decision counts: a conflict has it made again
            try:
                return decide(state)
            except RefusalWithRecord as refused:
                refusals.append(refused)
                return refused.events

        outcome = self._streams.execute(
            stream,
            command_id,
            self._metadata(actor, command_id),
            initial,
            evolve,
            recording,
            again=lambda state: _answer_again(decide, state),
        )
        if outcome.appended and refusals:
            raise refusals[-1]
        return outcome

    def _rehearse_resident(
        self,
        resident_id: uuid.UUID,
        command_id: uuid.UUID,
        decide: Callable[[Resident], Sequence[Any]],
    ) -> None:
        """Decide and encode what _on_resident would append, appending nothing (see
        StreamHandler.rehearse): for a command whose first append is to another stream."""
        self._streams.rehearse(
            resident_state.resident_stream(resident_id),
            command_id,
            self._metadata(f"resident:{resident_id}", command_id),
            resident_state.INITIAL,
            resident_state.evolve,
            decide,
        )

    def _on_resident(
        self,
        resident_id: uuid.UUID,
        command_id: uuid.UUID,
        actor: str | None,
        decide: Callable[[Resident], Sequence[Any]],
    ) -> Outcome:
        return self._execute(
            resident_state.resident_stream(resident_id),
            command_id,
            actor or f"resident:{resident_id}",
            resident_state.INITIAL,
            resident_state.evolve,
            decide,
        )

    def is_operator(self, actor: str) -> bool:
        """Whether `actor` acts as an operator: a system actor (the command line, a policy)
        always; a resident ("resident:<id>") when their own stream holds the operator role."""
        kind, _, rest = actor.partition(":")
        if kind != "resident":
            return kind == "system"
        state = self.resident(uuid.UUID(rest))
        return state.resident_id is not None and reviewer_facts(state).is_operator

    def run(self, command: RecordedCommand, actor: uuid.UUID | str | None = None) -> str | None:
        """Decide `command` on its stream (HANDLERS) and append what it decides, with ids made
        from its `command_id`; `actor` ("resident:<id>", "system:<name>", or a resident's id)
        defaults to the resident whose stream it is. The position appended."""
        aggregate = HANDLERS[type(command)]
        if isinstance(actor, uuid.UUID):
            actor = f"resident:{actor}"
        return self._execute(
            aggregate.stream(command),
            command.command_id,
            actor or f"resident:{_resident_of(command)}",
            aggregate.initial,
            aggregate.evolve,
            lambda state: aggregate.decide(command, state),
        ).position


def _answer_again(decide: Callable[[S], Sequence[Any]], state: S) -> None:
    # The command was applied before: answer as the first attempt did, appending nothing.
    try:
        decide(state)
    except RefusalWithRecord as refused:
        raise refused from None
    except IdentityError:
        pass  # time moved on since the first attempt; what it recorded stands
