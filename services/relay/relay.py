"""The relay: tails the log from its checkpoint and publishes every event to RabbitMQ.

At least once: a batch is published and confirmed by the broker before the checkpoint moves, in
one transaction (compare-and-set, then advance) of the relay's own database. A crash between the
two publishes the batch again; consumers dedupe on message_id (= event_id).
Pipelined (0047): while the broker confirms one batch, the relay reads and builds the next and
sends it; at most two batches are unconfirmed. A nack, a lost connection or any other failure
drops both, and the relay starts again from the checkpoint, which only ever names a position up
to which every message was confirmed. Caught up, the relay leaves its last batch in flight
a moment (0066), so that the next append goes out without waiting for that batch's confirm.
One active relay per name: a Lease; a standby takes over when the holder's lease lapses.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from services.eventstore import EventStore, EventStoreUnavailable
from services.eventstore.keyring import KeyringUnavailable
from services.eventstore.wakeups import Wakeups, wakeups_of
from services.runtime.connections import is_connection_lost
from services.subscriptions import checkpoint
from services.subscriptions.database import alone, querying
from services.subscriptions.lease import TTL_SECONDS, Lease

from .messages import AnalyticsStream, batch_messages
from .publisher import BrokerUnavailable, ConfirmingPublisher, Exchange, where
from .waiting import LINGER, SETTLE, Retries, is_set, wait, wait_for

log = logging.getLogger("quartier.relay")

GENERATION = 1
# Failures worth waiting out: the broker, the store, the keyring or the relay's database is away.
TRANSIENT = (BrokerUnavailable, EventStoreUnavailable, KeyringUnavailable)


@dataclass(frozen=True)
class _Flight:
    """A batch sent to the broker and not yet confirmed."""

    tag: int  # the delivery tag of its last message
    last: Any  # the position of its last event
    count: int


class Relay:
    """Publishes the log to `<context>.events` (unless `events` is False) and to `analytics`.

    relay = Relay(store, engine, "amqp://guest:guest@localhost:5672/", analytics=...)
    relay.run(stop_event)          # or: relay.run_once() -> events published
    relay.catch_up()               # everything after the checkpoint, pipelined
    """

    def __init__(
        self,
        store: EventStore,
        engine: Engine,
        amqp_uri: str,
        analytics: AnalyticsStream | None = None,
        name: str = "relay",
        batch_size: int = 500,
        confirm_timeout: float = 30.0,
        max_backoff: float = 5.0,
        lease_ttl: float = TTL_SECONDS,
        wakeups: bool = True,
        events: bool = True,
        starts_from: str | None = None,
    ) -> None:
        if not events and analytics is None:
            raise ValueError("a relay publishes the services' events, the analytics stream or both")
        self.name = name
        self._events = events
        self._starts_from = starts_from
        self._store = store
        self._engine = engine
        self._analytics = analytics
        self._batch_size = batch_size
        self._max_backoff = max_backoff
        self._broker = where(amqp_uri)
        self._publisher = ConfirmingPublisher(amqp_uri, timeout=confirm_timeout)
        self._lease = Lease(engine, f"relay:{name}", ttl=lease_ttl)
        self._ensured = False
        self._wakeups = wakeups
        self._flight: _Flight | None = None
        self._checkpointed: str | None = None  # the checkpoint as this relay last read or wrote it

    @property
    def broker(self) -> str:
        """host:port of the broker (no credentials), for messages."""
        return self._broker

    def connect(self) -> None:
        """Connect to the broker now and declare the analytics stream; raises BrokerUnavailable."""
        topology = [self._analytics.topology()] if self._analytics else []
        self._publisher.connect(topology)

    def position(self) -> str | None:
        """The checkpoint: the position of the last event confirmed by the broker."""
        with self._engine.begin() as conn:
            return checkpoint.read(conn, self.name, GENERATION)

    def run_once(self) -> int:
        """Publish the next batch after the checkpoint; the number of events published (0 when
        caught up or another relay holds the lease), once the broker confirmed them and the
        checkpoint moved. Raises BrokerUnavailable and the store's errors; the checkpoint then
        stays where it was."""
        published = self._step()
        self._settle()
        return published

    def catch_up(self) -> int:
        """Publish every event after the checkpoint, pipelined; the number published, once the
        broker confirmed them all and the checkpoint moved. Raises as run_once does."""
        total = 0
        while published := self._step():
            total += published
        return total

    def _step(self, linger: bool = False) -> int:
        """Send the next batch, then wait for the previous one's confirms and checkpoint it: the
        broker confirms a batch while the relay reads and builds the next. The number of events
        sent; 0 once caught up (or not the leaseholder), with nothing left unconfirmed. With
        `linger`, a last batch shorter than a full one stays in flight too (0066)."""
        try:
            return self._pipelined_step(linger)
        except BaseException as exc:
            self._abandon(exc)
            raise

    def _pipelined_step(self, linger: bool) -> int:
        if not self._lease.acquire():
            self._drop()  # a standby keeps no connection open
            return 0
        after = self._flight.last if self._flight else self._read_checkpoint()
        batch = list(self._store.read_all(after=after, limit=self._batch_size))
        if not batch:
            self._settle()
            return 0
        log = getattr(self._store, "log_id", None)  # a wrapping store may name none
        messages = batch_messages(batch, self._analytics, self._events, log)
        if self._flight is None and not self._publisher.connected:
            # With a batch in flight, a lost connection must fail the send below instead: a
            # new connection would know nothing of that batch's confirms.
            self.connect()
        for exchange in dict.fromkeys(m.exchange for m in messages):
            if not self._analytics or exchange != self._analytics.name:
                self._publisher.declare(Exchange(exchange, "topic"))
        sent = _Flight(self._publisher.send(messages), batch[-1].position, len(batch))
        previous, self._flight = self._flight, sent
        if previous is not None and not self._checkpoint(previous):
            return 0
        if len(batch) < self._batch_size and not linger:
            self._settle()  # caught up: nothing to prepare while the broker confirms
        return len(batch)

    def _read_checkpoint(self) -> Any:
        if not self._ensured:
            with self._engine.begin() as conn:
                checkpoint.ensure(conn, self.name, GENERATION, starts_from=self._starts_from)
            self._ensured = True
        with self._engine.connect() as conn:
            # Outside a transaction on PostgreSQL: one round trip where BEGIN and COMMIT made three.
            self._checkpointed = checkpoint.read(querying(conn), self.name, GENERATION)
        current = self._checkpointed
        return None if current is None else self._store.position_from_string(current)

    def _settle(self) -> None:
        """Wait for the batch in flight to be confirmed and checkpoint it."""
        if self._flight is None:
            return
        try:
            settled = self._checkpoint(self._flight)
        except BaseException:
            self._drop()
            raise
        if settled:
            self._flight = None

    def _checkpoint(self, flight: _Flight) -> bool:
        """Checkpoint `flight` once the broker confirmed it (and every batch before it); False
        when another relay moved the checkpoint meanwhile, everything in flight then dropped."""
        self._publisher.confirm(flight.tag)
        position = str(flight.last)
        try:
            with self._engine.connect() as conn:
                # Compared, set and committed by one statement: one round trip, not four.
                checkpoint.claim(
                    alone(conn), self.name, GENERATION, self._checkpointed, position, flight.count
                )
        except checkpoint.CheckpointMoved:
            # Another relay published these batches too (a lease that lapsed mid-batch): the
            # duplicates carry the same message_id, and this one steps back.
            log.warning("relay %s: checkpoint moved by another relay; standing by", self.name)
            self._drop()
            return False
        self._checkpointed = position
        return True

    def _abandon(self, exc: BaseException) -> None:
        """After a failure: what is in flight is dropped, to be published again from the
        checkpoint. A failure away from the broker (the store, the keyring) first lets the
        batches already sent be confirmed, so that they are not published twice."""
        away = isinstance(exc, Exception) and not isinstance(exc, BrokerUnavailable)
        if self._flight is not None and away:
            with contextlib.suppress(Exception):
                self._settle()
        self._drop()

    def _drop(self) -> None:
        self._flight = None
        self._publisher.close()

    def run(self, stop: Any, poll_interval: float = 0.02) -> None:
        """Relay until `stop` (a threading.Event or an eventlet Event) is set. Waits out an
        unavailable broker or store with exponential backoff, then resumes from the checkpoint.
        Between batches it waits for the store's wake-ups (an append committed), reading anyway
        every FALLBACK_POLL seconds; without them (EventStoreDB, or turned off) it reads every
        `poll_interval` seconds."""
        listener = wakeups_of(self._store) if self._wakeups else None
        try:
            self._loop(stop, poll_interval, listener)
            self._stopping()
        finally:
            if listener is not None:
                listener.close()

    def _loop(self, stop: Any, poll_interval: float, listener: Wakeups | None) -> None:
        retries = Retries(self.name, self._max_backoff)
        woken, settling = False, 0
        while not is_set(stop):
            try:
                published = self._step(linger=listener is not None)
            except Exception as exc:
                if not (isinstance(exc, TRANSIENT) or is_connection_lost(exc)):
                    raise
                self._drop()
                wait(stop, retries.failed(_reason(exc, self)))
                continue
            retries.succeeded()
            if published >= self._batch_size:
                continue
            if listener is None:
                wait(stop, poll_interval)
            elif self._flight is not None:
                # Caught up, the last batch unconfirmed: an append within LINGER goes out at
                # once, ahead of that batch's checkpoint; else the next (empty) read settles it.
                woken, settling = listener.wait(LINGER), 0
            elif published == 0 and woken and settling < len(SETTLE):
                # Woken for rows not visible yet (PostgreSQL: an earlier append still running
                # holds the horizon back), or already published: look again shortly.
                if listener.wait(SETTLE[settling]):
                    settling = 0
                else:
                    settling += 1
            else:
                settling = 0
                woken = wait_for(stop, listener)

    def _stopping(self) -> None:
        """Stopped: the batch in flight is confirmed and checkpointed before the relay ends, so
        that the next start does not publish it again."""
        try:
            self._settle()
        except Exception as exc:
            if not (isinstance(exc, TRANSIENT) or is_connection_lost(exc)):
                raise
            log.warning("relay %s: stopped before its last batch was confirmed", self.name)
            self._drop()

    def close(self) -> None:
        """Close the broker connection and give the lease up (a standby may take over at once).
        A batch still unconfirmed (run() and catch_up() leave none) is published again by the
        next relay to run."""
        self._drop()
        with contextlib.suppress(sa.exc.SQLAlchemyError):  # else the lease lapses by itself
            self._lease.release()


def _reason(exc: Exception, relay: Relay) -> str:
    if isinstance(exc, BrokerUnavailable):
        return f"RabbitMQ at {relay.broker} is unavailable ({exc})"
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
