"""RabbitMQ for integration tests: a vhost of its own on the shared broker, or a private node;
and small pika helpers to bind a queue and read what arrived.

A private node runs on free ports with its own data and log directories, no plugins and no
config file, so fault tests can kill -9 it and restart it without touching the shared broker.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pika

from deploy.cluster import rabbit
from deploy.cluster.topology import Node
from tests.conftest import require_service
from tests.support import eventually, free_port

SHARED_HOST, SHARED_PORT = "localhost", 5672


def require_rabbitmq() -> None:
    require_service("RabbitMQ", SHARED_HOST, SHARED_PORT, "rabbitmq-server -detached")


def rabbitmqctl(*args: str, node: str | None = None, timeout: float = 30) -> str:
    command = ["rabbitmqctl", *(["-n", node] if node else []), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


@contextlib.contextmanager
def fresh_vhost(node: str | None = None, port: int = SHARED_PORT) -> Iterator[str]:
    """An AMQP URI naming a new vhost (guest has every permission), deleted afterwards."""
    if node is None:
        require_rabbitmq()
    vhost = f"t_{uuid.uuid4().hex[:12]}"
    rabbitmqctl("add_vhost", vhost, node=node)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*", node=node)
    try:
        yield f"amqp://guest:guest@localhost:{port}/{vhost}"
    finally:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            rabbitmqctl("delete_vhost", vhost, node=node)


def _vhost(uri: str) -> str:
    return urllib.parse.unquote(urllib.parse.urlparse(uri).path[1:]) or "/"


def queue_messages(uri: str, queue: str) -> int | None:
    """How many messages `queue` of the URI's vhost holds, ready or delivered and not yet
    acknowledged (Nameko acknowledges an RPC request once it has answered it); None while the
    queue does not exist."""
    listed = rabbitmqctl(
        "list_queues", "-p", _vhost(uri), "-q", "--no-table-headers", "name", "messages"
    )
    for line in listed.splitlines():
        name, _, count = line.rpartition("\t")
        if name == queue:
            return int(count)
    return None


def bound_queues(uri: str, exchange: str) -> list[str]:
    """The queues of the URI's vhost bound to `exchange`."""
    listed = rabbitmqctl(
        "list_bindings",
        "-p",
        _vhost(uri),
        "-q",
        "--no-table-headers",
        "source_name",
        "destination_name",
    )
    rows = (line.split("\t") for line in listed.splitlines())
    return [row[1] for row in rows if len(row) == 2 and row[0] == exchange]


class PrivateNode:
    """A RabbitMQ node of the test's own, started and killed as the cluster's nodes are
    (deploy/cluster/rabbit.py). `kill()` is kill -9 of the whole node."""

    def __init__(self) -> None:
        self.node = Node(
            0,
            f"relaytest{uuid.uuid4().hex[:8]}@localhost",
            free_port(),
            free_port(),
            Path(tempfile.mkdtemp(prefix="rabbit-node-")),
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def port(self) -> int:
        return self.node.amqp_port

    @property
    def uri(self) -> str:
        return self.node.uri

    def start(self, timeout: float = 60) -> None:
        for boot in (1, 2):
            self.process = rabbit.launch(self.node, rabbit.node_environment(self.node))
            try:
                rabbit.wait_listening(self.node, timeout)
                return
            except rabbit.ClusterError as exc:
                # Now and then a node killed -9 ends its next boot at once (RabbitMQ's own
                # recovery, not the client under test): booted again once, as an operator would,
                # its reason kept in the test's log.
                if boot == 2 or "exited" not in str(exc):
                    raise
                logging.getLogger(__name__).warning("%s; booting it again", exc)

    def kill(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        rabbit.kill(self.node)
        self.process.wait(timeout=30)
        self.process = None

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        """Kill the node and remove its files."""
        self.kill()
        shutil.rmtree(self.node.dir, ignore_errors=True)


@contextlib.contextmanager
def private_node() -> Iterator[PrivateNode]:
    if shutil.which("rabbitmq-server") is None:
        require_service(
            "RabbitMQ (rabbitmq-server)", "127.0.0.1", 1, "apt-get install rabbitmq-server"
        )
    node = PrivateNode()
    node.start()
    try:
        yield node
    finally:
        node.stop()


@dataclass(frozen=True)
class Received:
    routing_key: str
    properties: pika.BasicProperties
    body: dict[str, Any]
    raw: bytes


def bind_queue(uri: str, exchange: str, queue: str, routing_key: str = "#") -> None:
    """A durable queue bound to a durable topic exchange, declared as Nameko would."""
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(uri))) as conn:
        channel = conn.channel()
        channel.exchange_declare(exchange, "topic", durable=True)
        channel.queue_declare(queue, durable=True)
        channel.queue_bind(queue, exchange, routing_key)


@contextlib.contextmanager
def binding_removed(uri: str, exchange: str, queue: str, routing_key: str) -> Iterator[None]:
    """One binding removed while the queue and its consumer stay (as a broker's cleanup or an
    operator can), and put back afterwards."""
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(uri))) as conn:
        channel = conn.channel()
        channel.queue_unbind(queue, exchange, routing_key)
        try:
            yield
        finally:
            channel.queue_bind(queue, exchange, routing_key)


def consumed_queues(uri: str, prefix: str) -> list[str]:
    """The queues of the URI's vhost whose name starts with `prefix` and that have a consumer."""
    listed = rabbitmqctl(
        "list_queues", "-p", _vhost(uri), "-q", "--no-table-headers", "name", "consumers"
    )
    rows = (line.rpartition("\t") for line in listed.splitlines())
    return [name for name, _, count in rows if name.startswith(prefix) and int(count or 0) > 0]


def read_queue(
    uri: str,
    queue: str,
    until: int,
    timeout: float = 20,
    arguments: dict[str, Any] | None = None,
) -> list[Received]:
    """Consume until `until` messages arrived or nothing came for `timeout` seconds. For a
    stream queue, pass arguments={"x-stream-offset": ...}: messages stay in the stream."""
    got: list[Received] = []
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(uri))) as conn:
        channel = conn.channel()
        channel.basic_qos(prefetch_count=500)  # a stream consumer must set a prefetch
        for method, props, body in channel.consume(
            queue, arguments=arguments or {}, inactivity_timeout=timeout
        ):
            if method is None:
                break
            got.append(Received(method.routing_key, props, json.loads(body), body))
            channel.basic_ack(method.delivery_tag)
            if len(got) >= until:
                break
        channel.cancel()
    return got


def drop_pending_requests(amqp_uri: str, queue: str) -> None:
    """Purge the RPC requests a killed service held, once the broker saw its consumer go: a
    caller gave up on them, and a restarted service would otherwise redo the command."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        channel = connection.channel()
        eventually(
            lambda: channel.queue_declare(queue, passive=True).method.consumer_count == 0,
            what=f"no consumer left on {queue}",
        )
        channel.queue_purge(queue)
    finally:
        connection.close()
