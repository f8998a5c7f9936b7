"""Publishing batches to RabbitMQ with publisher confirms, pipelined.

pika's BlockingChannel with confirm_delivery() waits for the broker's ack after every
basic_publish: one round trip per message. Here a SelectConnection is driven by hand instead:
a batch is written in one go, then the I/O loop runs until the broker has acked every delivery
tag of the batch (acks usually come `multiple`, many tags at once). `send` and `confirm` split the
two, so that a caller can prepare its next batch while the broker confirms this one (0047).
Under eventlet's monkey
patching pika finds no epoll/poll and uses the green select(), so the same code runs in a green
thread of a Nameko service.
pika's own records about the connection it drives are lowered to DEBUG (pika_edge.py): the
publisher reports each failure once, as BrokerUnavailable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pika
import pika.exceptions
from pika.adapters.select_connection import IOLoop, SelectConnection
from pika.channel import Channel
from pika.spec import BasicProperties

from services.runtime.config import broker_urls

from .pika_edge import coalesce, lower_pika_records
from .pika_edge import describe as _describe
from .pika_edge import driving as _driving


class BrokerUnavailable(Exception):
    """RabbitMQ could not be reached, dropped the connection, refused a batch or did not confirm
    it in time. Nothing published since the last confirmed batch may be assumed delivered."""


@dataclass(frozen=True)
class Message:
    exchange: str
    routing_key: str
    body: bytes
    properties: BasicProperties


@dataclass(frozen=True)
class Exchange:
    name: str
    type: str = "topic"


@dataclass(frozen=True)
class Topology:
    """A queue declared and bound to an exchange when the connection opens."""

    exchange: Exchange
    queue: str
    arguments: dict[str, Any] = field(default_factory=dict)


def where(uri: str) -> str:
    """host:port of an AMQP URI (of each broker of a `;` list), never its credentials."""
    return ",".join(f"{p.host}:{p.port}" for p in map(pika.URLParameters, broker_urls(uri)))


class ConfirmingPublisher:
    """One connection and one confirming channel. Not thread-safe: one caller at a time."""

    def __init__(self, uri: str, timeout: float = 30.0) -> None:
        # Several brokers (kombu's `;` failover form, a cluster's nodes): each connection opens
        # on the next one, so a publisher whose node died reconnects to another.
        self._brokers = [pika.URLParameters(url) for url in broker_urls(uri)]
        for params in self._brokers:
            params.connection_attempts = 1
            params.socket_timeout = min(timeout, 10.0)
        self._attempts = 0
        self._timeout = timeout
        self._conn: SelectConnection | None = None
        self._channel: Channel | None = None
        self._opening: Channel | None = None
        self._error: str | None = None
        self._declared: set[str] = set()
        self._pending: set[int] = set()
        self._nacked = False
        self._next_tag = 1
        self._done: Callable[[], bool] = lambda: True
        lower_pika_records()

    @property
    def connected(self) -> bool:
        return self._channel is not None and self._channel.is_open and self._error is None

    def connect(self, topology: Sequence[Topology] = ()) -> None:
        """Open the connection and a confirming channel; declare `topology`."""
        with _driving():
            self._connect(topology)

    def _connect(self, topology: Sequence[Topology]) -> None:
        self.close()
        self._error = None
        # Driven step by step (poll + process_timeouts), as pika's BlockingConnection does.
        ioloop = IOLoop()
        ioloop.activate_poller()
        params = self._brokers[self._attempts % len(self._brokers)]
        self._attempts += 1
        self._conn = SelectConnection(
            params,
            custom_ioloop=ioloop,
            on_open_callback=self._opened,
            on_open_error_callback=self._failed,
            on_close_callback=self._failed,
        )
        self._wait(lambda: self._channel is not None, "connecting")
        for item in topology:
            self.declare(item.exchange)
            self._call(self._queue_declarer(item), f"declaring queue {item.queue}")
            self._call(self._queue_binder(item), f"binding queue {item.queue}")

    def declare(self, exchange: Exchange) -> None:
        """Declare a durable exchange once per connection (Nameko declares its event exchanges
        the same way: durable, not auto-deleted)."""
        if exchange.name in self._declared:
            return
        with _driving():
            self._call(
                lambda cb: self._channel.exchange_declare(  # type: ignore[union-attr]
                    exchange.name, exchange.type, durable=True, callback=cb
                ),
                f"declaring exchange {exchange.name}",
            )
        self._declared.add(exchange.name)

    def publish(self, messages: Sequence[Message]) -> None:
        """Publish every message, then return once the broker confirmed them all.

        Raises BrokerUnavailable on a nack, a lost connection or a timeout.
        """
        with _driving():
            self._confirm(self._send(messages))

    def send(self, messages: Sequence[Message]) -> int:
        """Publish every message and write them out without waiting for their confirms; the
        delivery tag of the last one, for `confirm`. Raises BrokerUnavailable when the
        connection is down or an earlier message was nacked (nothing more goes out after it)."""
        with _driving():
            return self._send(messages)

    def confirm(self, tag: int) -> None:
        """Return once the broker confirmed every message up to delivery tag `tag`.

        Raises BrokerUnavailable on a nack of any message sent on this connection, a lost
        connection or a timeout; the connection is then closed, and nothing sent on it may be
        assumed delivered past the last tag confirmed before.
        """
        with _driving():
            self._confirm(tag)

    def _send(self, messages: Sequence[Message]) -> int:
        if not self.connected:
            raise BrokerUnavailable(self._error or "not connected")
        if self._nacked:
            self._refused()
        channel = self._channel
        assert channel is not None
        try:
            for m in messages:
                channel.basic_publish(m.exchange, m.routing_key, m.body, m.properties)
                self._pending.add(self._next_tag)
                self._next_tag += 1
        except pika.exceptions.AMQPError as exc:
            self.close()
            raise BrokerUnavailable(_describe(exc)) from None
        coalesce(getattr(self._conn, "_transport", None))
        # pika only writes from inside its I/O loop: hand the batch to the broker now, or it
        # would sit in our buffer while the caller prepares the next one.
        self._wait(self._written, "writing a batch")
        return self._next_tag - 1

    def _confirm(self, tag: int) -> None:
        self._wait(
            lambda: self._nacked or min(self._pending, default=tag + 1) > tag,
            "waiting for publisher confirms",
        )
        if self._nacked:
            self._refused()

    def _refused(self) -> None:
        # Which messages the broker refused is not tracked past the nack: everything still
        # unconfirmed on this connection is sent again from the caller's last confirmed point.
        self.close()
        raise BrokerUnavailable("the broker refused (nacked) a message of the batch")

    def _written(self) -> bool:
        # The transport is pika's own (BaseConnection._transport); without one nothing waits.
        transport = getattr(self._conn, "_transport", None)
        return transport is None or transport.get_write_buffer_size() == 0

    def close(self) -> None:
        with _driving():
            self._close()

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        self._channel = None
        self._declared.clear()
        self._pending.clear()
        self._nacked = False
        self._next_tag = 1
        if conn is None:
            return
        if conn.is_open:
            try:
                conn.close()
                deadline = time.monotonic() + 2.0
                while not conn.is_closed and time.monotonic() < deadline:
                    conn.ioloop.poll()
                    conn.ioloop.process_timeouts()
            except Exception:
                pass
        # The loop owns a socket pair of its own: without this each reconnect leaks two fds.
        conn.ioloop.close()

    # The I/O loop runs only inside _wait: callbacks record what happened, _wait stops the loop
    # once its condition holds, an error occurred, or time ran out.

    def _wait(self, done: Callable[[], bool], doing: str) -> None:
        conn = self._conn
        if conn is None:
            raise BrokerUnavailable(self._error or "not connected")
        deadline = time.monotonic() + self._timeout
        self._done = done
        while not done() and self._error is None:
            if time.monotonic() > deadline:
                self._error = f"no answer from RabbitMQ after {self._timeout:.0f} s {doing}"
                break
            conn.ioloop.poll()
            conn.ioloop.process_timeouts()
        if self._error is not None:
            error = self._error
            self.close()
            self._error = error
            raise BrokerUnavailable(f"{error} ({doing})")

    def _call(self, start: Callable[[Callable[[Any], None]], None], doing: str) -> None:
        answered: list[Any] = []
        try:
            start(answered.append)
        except pika.exceptions.AMQPError as exc:
            self.close()
            raise BrokerUnavailable(f"{_describe(exc)} ({doing})") from None
        self._wait(lambda: bool(answered), doing)

    def _queue_declarer(self, item: Topology) -> Callable[[Callable[[Any], None]], None]:
        channel = self._channel
        assert channel is not None
        return lambda done: channel.queue_declare(
            item.queue, durable=True, arguments=item.arguments, callback=done
        )

    def _queue_binder(self, item: Topology) -> Callable[[Callable[[Any], None]], None]:
        channel = self._channel
        assert channel is not None
        return lambda done: channel.queue_bind(
            item.queue, item.exchange.name, routing_key="#", callback=done
        )

    def _opened(self, conn: SelectConnection) -> None:
        conn.channel(on_open_callback=self._channel_opened)

    def _channel_opened(self, channel: Channel) -> None:
        channel.add_on_close_callback(self._channel_closed)
        channel.confirm_delivery(ack_nack_callback=self._confirmed, callback=self._confirming)
        self._opening = channel

    def _confirming(self, _frame: Any) -> None:
        self._channel = self._opening

    def _confirmed(self, frame: Any) -> None:
        method = frame.method
        tag = method.delivery_tag
        acked = {t for t in self._pending if t <= tag} if method.multiple else {tag}
        self._pending -= acked
        if isinstance(method, pika.spec.Basic.Nack):
            self._nacked = True

    def _channel_closed(self, _channel: Channel, reason: Exception) -> None:
        self._error = f"channel closed: {_describe(reason)}"

    def _failed(self, _conn: Any, reason: Any = None) -> None:
        self._error = _describe(reason)
