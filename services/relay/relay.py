"""The relay: tails the log from its checkpoint and publishes every event to RabbitMQ.

At least once: a batch is published and confirmed by the broker before the checkpoint moves, in
one transaction (compare-and-set, then advance) of the relay's own database. A crash between the
two publishes the batch again; consumers dedupe on message_id (= event_id).
One active relay per name: a Lease; a standby takes over when the holder's lease lapses.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from services.eventstore import EventStore, EventStoreUnavailable, RecordedEvent
from services.eventstore.keyring import KeyringUnavailable
from services.eventstore.wakeups import Wakeups, wakeups_of
from services.runtime.connections import is_connection_lost
from services.subscriptions import checkpoint
from services.subscriptions.lease import TTL_SECONDS, Lease

from .messages import analytics_message, event_message
from .publisher import BrokerUnavailable, ConfirmingPublisher, Exchange, Message, Topology, where

log = logging.getLogger("quartier.relay")

GENERATION = 1
STILL_FAILING_EVERY = 60.0  # seconds between warnings while the broker or store stays away
FALLBACK_POLL = 1.0  # seconds between reads while no wake-up comes (one may be lost)
SETTLE = (0.001, 0.002, 0.004, 0.008, 0.016, 0.032)  # re-reads after a wake-up that found nothing
STOP_CHECK = 0.25  # the longest a wait goes without looking at the stop signal
# Failures worth waiting out: the broker, the store, the keyring or the relay's database is away.
TRANSIENT = (BrokerUnavailable, EventStoreUnavailable, KeyringUnavailable)


@dataclass(frozen=True)
class AnalyticsStream:
    """Where analysts read every event, pseudonymised: a stream queue behind a fanout exchange.

    `max_age` is RabbitMQ's x-max-age ("30D", "12h", "7D"...); `max_length_bytes` caps its size.
    """

    codec: Any  # services.eventstore.codec.Codec, or anything with for_analytics(recorded)
    max_age: str = "30D"
    max_length_bytes: int | None = None
    name: str = "quartier.analytics"

    def topology(self) -> Topology:
        arguments: dict[str, Any] = {"x-queue-type": "stream", "x-max-age": self.max_age}
        if self.max_length_bytes:
            arguments["x-max-length-bytes"] = self.max_length_bytes
        return Topology(Exchange(self.name, "fanout"), self.name, arguments)


class Relay:
    """Publishes the log to `<context>.events` exchanges and, when given, the analytics stream.

    relay = Relay(store, engine, "amqp://guest:guest@localhost:5672/", analytics=...)
    relay.run(stop_event)          # or: relay.run_once() -> events published
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
    ) -> None:
        self.name = name
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
        caught up or another relay holds the lease). Raises BrokerUnavailable and the store's
        errors; the checkpoint then stays where it was."""
        if not self._lease.acquire():
            if self._publisher.connected:
                self._publisher.close()  # a standby keeps no connection open
            return 0
        with self._engine.begin() as conn:
            if not self._ensured:
                checkpoint.ensure(conn, self.name, GENERATION)
                self._ensured = True
            current = checkpoint.read(conn, self.name, GENERATION)
        after = None if current is None else self._store.position_from_string(current)
        batch = list(self._store.read_all(after=after, limit=self._batch_size))
        if not batch:
            return 0
        messages = self._messages(batch)
        if not self._publisher.connected:
            self.connect()
        for exchange in dict.fromkeys(m.exchange for m in messages):
            if not self._analytics or exchange != self._analytics.name:
                self._publisher.declare(Exchange(exchange, "topic"))
        self._publisher.publish(messages)
        try:
            with self._engine.begin() as conn:
                checkpoint.claim(conn, self.name, GENERATION, current)
                checkpoint.advance(
                    conn, self.name, GENERATION, str(batch[-1].position), applied=len(batch)
                )
        except checkpoint.CheckpointMoved:
            # Another relay published this batch too (a lease that lapsed mid-batch): the
            # duplicates carry the same message_id, and this one steps back.
            log.warning("relay %s: checkpoint moved by another relay; standing by", self.name)
            return 0
        return len(batch)

    def run(self, stop: Any, poll_interval: float = 0.02) -> None:
        """Relay until `stop` (a threading.Event or an eventlet Event) is set. Waits out an
        unavailable broker or store with exponential backoff, then resumes from the checkpoint.
        Between batches it waits for the store's wake-ups (an append committed), reading anyway
        every FALLBACK_POLL seconds; without them (EventStoreDB, or turned off) it reads every
        `poll_interval` seconds."""
        listener = wakeups_of(self._store) if self._wakeups else None
        try:
            self._loop(stop, poll_interval, listener)
        finally:
            if listener is not None:
                listener.close()

    def _loop(self, stop: Any, poll_interval: float, listener: Wakeups | None) -> None:
        failures, warned = 0, 0.0
        woken, settling = False, 0
        while not _is_set(stop):
            try:
                published = self.run_once()
            except Exception as exc:
                if not (isinstance(exc, TRANSIENT) or is_connection_lost(exc)):
                    raise
                delay = min(self._max_backoff, 0.2 * 2**failures)
                failures += 1
                # One line when the trouble starts, one a minute while it lasts and one when it
                # ends; the retries between are details.
                loud = failures == 1 or time.monotonic() - warned >= STILL_FAILING_EVERY
                if loud:
                    warned = time.monotonic()
                log.log(
                    logging.WARNING if loud else logging.DEBUG,
                    "relay %s: %s; retrying%s",
                    self.name,
                    _reason(exc, self),
                    "" if failures == 1 else f" (attempt {failures})",
                )
                self._publisher.close()
                _wait(stop, delay)
                continue
            if failures:
                log.info("relay %s: publishing again after %d failed attempts", self.name, failures)
                failures = 0
            if published >= self._batch_size:
                continue
            if listener is None:
                _wait(stop, poll_interval)
            elif published == 0 and woken and settling < len(SETTLE):
                # Woken for rows not visible yet (PostgreSQL: an earlier append still running
                # holds the horizon back), or already published: look again shortly.
                if listener.wait(SETTLE[settling]):
                    settling = 0
                else:
                    settling += 1
            else:
                settling = 0
                woken = _wait_for(stop, listener)

    def close(self) -> None:
        """Close the broker connection and give the lease up (a standby may take over at once)."""
        self._publisher.close()
        with contextlib.suppress(sa.exc.SQLAlchemyError):  # else the lease lapses by itself
            self._lease.release()

    def _messages(self, batch: list[RecordedEvent]) -> list[Message]:
        messages = []
        for recorded in batch:
            messages.append(event_message(recorded))
            if self._analytics:
                messages.append(
                    analytics_message(self._analytics.codec, recorded, self._analytics.name)
                )
        return messages


def _reason(exc: Exception, relay: Relay) -> str:
    if isinstance(exc, BrokerUnavailable):
        return f"RabbitMQ at {relay.broker} is unavailable ({exc})"
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def _is_set(stop: Any) -> bool:
    is_set = getattr(stop, "is_set", None)
    return bool(is_set() if is_set is not None else stop.ready())


def _wait_for(stop: Any, listener: Wakeups) -> bool:
    """Whether the store woke the relay up within FALLBACK_POLL seconds (False: the fallback
    read is due, or the relay is stopping)."""
    deadline = time.monotonic() + FALLBACK_POLL
    while not _is_set(stop):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        if listener.wait(min(STOP_CHECK, remaining)):
            return True
    return False


def _wait(stop: Any, seconds: float) -> None:
    if not _is_set(stop):
        stop.wait(seconds)
