"""Wake-ups from the relay: any message on the `<context>.events` exchanges a service reads.

Each service instance binds one exclusive, auto-deleted queue to those exchanges (routing key
'#'), of a new name at each connection (a name declared again right after its node died can
lose its record and bindings to that node's cleanup: docs/decisions/0051), and only notes
that something arrived: the subscribers then read the log from their own
checkpoints, so a lost, late or repeated message changes nothing. The queue is capped, and
consumed without acks: a backlog of wake-ups is worth no more than one. Each wake-up passes on
the position the relay's message names (its `position` header) when the message names the
service's own log (its `log` header, the store's log_id), None otherwise: that log holds
everything up to it (docs/decisions/0067).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import eventlet
from kombu.connection import Connection
from kombu.entity import Exchange, Queue, binding
from kombu.messaging import Consumer

from contracts.contexts import context_of

log = logging.getLogger("quartier.runtime")

MAX_QUEUED = 100
RETRY_SECONDS = (0.5, 1, 2, 5, 10)


def contexts_of(categories: Iterable[str] | None, types: Iterable[str] | None) -> set[str]:
    """`identity.resident` and `identity.ResidentRegistered` both belong to context identity."""
    return {context_of(name) for name in (*(categories or ()), *(types or ()))}


class WakeUpListener:
    def __init__(
        self,
        amqp_uri: str,
        contexts: Iterable[str],
        owner: str,
        wake: Callable[[str | None], None],
        log: str | None = None,
    ) -> None:
        self._uri = amqp_uri
        self._exchanges = sorted(f"{c}.events" for c in contexts)
        self._owner = owner
        self._wake = wake
        self._log = log
        self._running = True
        self.listening = eventlet.event.Event()

    def run(self) -> None:
        """Consume until stop(), reconnecting after a broker failure; meanwhile the timer
        alone keeps the subscribers going."""
        failures = 0
        while self._running and self._exchanges:
            try:
                self._consume()
                failures = 0
            except Exception as exc:  # the broker away is a case, not a crash
                if not self._running:
                    break
                delay = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
                failures += 1
                log.warning(
                    "wake-ups from RabbitMQ interrupted (%s); polling on the timer, "
                    "reconnecting in %.1fs",
                    type(exc).__name__,
                    delay,
                )
                eventlet.sleep(delay)

    def stop(self) -> None:
        self._running = False

    def _heard(self, message: Any) -> None:
        headers = message.headers or {}
        position = headers.get("position")
        if self._log is None or _text(headers.get("log")) != self._log:
            position = None  # another log's position, or one no log is named for
        self._wake(_text(position))

    def _consume(self) -> None:
        bindings = [
            binding(Exchange(name, "topic", durable=True), routing_key="#")
            for name in self._exchanges
        ]
        queue = Queue(
            f"quartier.wakeup.{self._owner}.{uuid.uuid4().hex[:12]}",
            bindings=bindings,
            exclusive=True,
            auto_delete=True,
            queue_arguments={"x-max-length": MAX_QUEUED, "x-overflow": "drop-head"},
        )
        with Connection(self._uri, heartbeat=60, connect_timeout=5) as conn:
            conn.connect()
            channel = conn.channel()
            for b in bindings:
                b.exchange(channel).declare()  # the relay may not have published here yet
            consumer = Consumer(channel, [queue], on_message=self._heard, no_ack=True)
            consumer.qos(prefetch_count=MAX_QUEUED)
            with consumer:
                if not self.listening.ready():
                    self.listening.send(True)
                log.info("woken by %s", ", ".join(self._exchanges))
                while self._running:
                    try:
                        conn.drain_events(timeout=0.5)
                    except TimeoutError:
                        conn.heartbeat_check()


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return value if isinstance(value, str) else None
