"""bench/relay.py's baselines: raw pika publishing the same messages as the relay, from the
same log, on the same broker."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

import pika

from services.eventstore import connect
from services.relay.messages import event_message

Figure = tuple[float, float]  # events/s, CPU microseconds per event


def keyring_url(events_db: Path) -> str:
    """The keyring beside the log, where fill seals personal fields and the relay opens them."""
    return f"sqlite:///{events_db.with_name('keyring.db')}"


def raw_pipelined(
    events_db: Path, uri: str, analytics: bool = False, events_too: bool = True, ready: Any = None
) -> Figure:
    """pika alone at its fastest: every message published at once, async confirms counted.
    With `analytics`, each event's analysts' copy too (or alone, without `events_too`), as the
    relay builds it (built before the clock starts): the baseline of the relay's figures with
    the analytics stream. `ready`: a barrier passed once the messages are built."""
    store = connect(f"sqlite:///{events_db}")
    events = list(store.read_all(limit=None))
    store.close()
    if analytics:
        messages = analytics_messages(events_db, events, uri, events_too)
    else:
        messages = [event_message(e) for e in events]
    if ready is not None:
        ready.wait()
    # Confirms may come out of order (two queues, each confirming when it has the message):
    # every tag up to `floor` is confirmed, and `singles` above it.
    floor, singles = [0], set()
    started: list[float] = []
    conn_box: list[pika.SelectConnection] = []

    def on_ack(frame: Any) -> None:
        method = frame.method
        if method.multiple:
            floor[0] = max(floor[0], method.delivery_tag)
            singles.difference_update([t for t in singles if t <= floor[0]])
        elif method.delivery_tag > floor[0]:
            singles.add(method.delivery_tag)
        if floor[0] + len(singles) >= len(messages):
            conn_box[0].close()

    def on_confirming(channel: Any) -> None:
        started.append(time.perf_counter())
        started.append(time.process_time())
        for m in messages:
            channel.basic_publish(m.exchange, m.routing_key, m.body, m.properties)

    def on_channel(channel: Any) -> None:
        channel.add_on_close_callback(lambda _ch, reason: closed.append(reason) or conn.close())
        channel.confirm_delivery(on_ack, callback=lambda _frame: on_confirming(channel))

    conn = pika.SelectConnection(
        pika.URLParameters(uri),
        on_open_callback=lambda c: c.channel(on_open_callback=on_channel),
        on_close_callback=lambda c, _r: c.ioloop.stop(),
    )
    conn_box.append(conn)
    closed: list[Any] = []
    conn.ioloop.start()
    if closed and floor[0] + len(singles) < len(messages):
        raise RuntimeError(f"the broker closed the channel: {closed[0]}")
    wall, cpu = time.perf_counter() - started[0], time.process_time() - started[1]
    return len(events) / wall, cpu * 1e6 / len(events)


def analytics_messages(
    events_db: Path, events: list[Any], uri: str, events_too: bool = True
) -> list[Any]:
    """Each event's two messages as the relay publishes them (the analysts' copy alone without
    `events_too`), the analytics stream declared."""
    from contracts import default_registry
    from services.eventstore.codec import Codec
    from services.eventstore.keyring import connect_keyring
    from services.relay import AnalyticsStream
    from services.relay.messages import batch_messages

    keyring = connect_keyring(keyring_url(events_db))
    stream = AnalyticsStream(Codec(default_registry(), keyring, b"b" * 32))
    messages = [
        m
        for i in range(0, len(events), 500)
        for m in batch_messages(events[i : i + 500], stream, events_too)
    ]
    keyring.close()
    topology = stream.topology()
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(uri))) as conn:
        ch = conn.channel()
        ch.exchange_declare(stream.name, "fanout", durable=True)
        ch.queue_declare(topology.queue, durable=True, arguments=topology.arguments)
        ch.queue_bind(topology.queue, stream.name)
    return messages


def raw_apart(events_db: Path, uri: str) -> Figure:
    """Each event's two messages from two pika processes at once, one publishing the services'
    events, the other the analysts' copies: the baseline of the relays apart. The pair's rate
    is the slower one's (both publish every event), its CPU the sum of both."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    ready, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(
            target=lambda analytics: results.put(
                raw_pipelined(events_db, uri, analytics, events_too=False, ready=ready)
            ),
            args=(analytics,),
        )
        for analytics in (False, True)
    ]
    for worker in workers:
        worker.start()
    figures = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    return min(rate for rate, _ in figures), sum(cpu for _, cpu in figures)


def raw_blocking(events_db: Path, uri: str, limit: int) -> Figure:
    """pika's BlockingChannel with confirm_delivery(): each basic_publish waits for its ack."""
    store = connect(f"sqlite:///{events_db}")
    messages = [event_message(e) for e in store.read_all(limit=limit)]
    store.close()
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(uri))) as conn:
        channel = conn.channel()
        channel.confirm_delivery()
        started, cpu = time.perf_counter(), time.process_time()
        for m in messages:
            channel.basic_publish(m.exchange, m.routing_key, m.body, m.properties)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        return len(messages) / wall, cpu * 1e6 / len(messages)
