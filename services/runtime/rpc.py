"""Nameko's `@rpc`, with the type of the service's request queue (`rpc-<service>`) taken from the
config: QUARTIER_RPC_QUEUE_TYPE `classic` (default, what plain Nameko declares) or `quorum`
(replicated on a RabbitMQ cluster, so that the queue outlives the node it leads on: deploy/cluster,
docs/decisions/0042).

Reply queues stay classic (a caller's own, short-lived), but transient: Nameko declares them
durable, and a durable classic queue whose node died cannot be declared again on another node
until that node is back (404 NOT_FOUND, "home node ... is down"), so a caller whose node died
could not hear any answer. A transient one goes with its node. And each connection gets a
reply queue of a new name: Nameko declares the same name again after a reconnection, but the
nodes left delete a dead node's transient queues by name, within a fraction of a second
after it died, so a caller back within that time had its new queue's record and bindings
deleted under it while its consumer stayed on: every answer to it was dropped, and nothing
told it
(docs/decisions/0051). The exchange is the same `nameko-rpc`.

An answer is published without waiting for the broker's confirm, and serialized once
(docs/decisions/0069): Nameko waits for a confirm and serializes it twice, once to check that
it can. Its caller waits for it anyway, and one lost with a broker that failed is one its
caller times out on, confirmed or not. RabbitMQ refuses to redeclare a
queue with another type, so switching a broker that already holds classic `rpc-*` queues means
deleting them first (rabbitmqctl delete_queue) while the services are stopped.
"""

from __future__ import annotations

import sys
import uuid
from typing import Any

import kombu.serialization
from kombu.entity import Queue
from nameko.amqp.publish import Publisher
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    AMQP_URI_CONFIG_KEY,
    LOGIN_METHOD_CONFIG_KEY,
    NON_PERSISTENT,
)
from nameko.exceptions import UnserializableValueError, serialize
from nameko.messaging import QueueConsumer
from nameko.rpc import (
    RPC_QUEUE_TEMPLATE,
    RPC_REPLY_QUEUE_TEMPLATE,
    RPC_REPLY_QUEUE_TTL,
    ReplyListener,
    Rpc,
    RpcConsumer,
    get_rpc_exchange,
)

QUEUE_TYPE_KEY = "QUARTIER_RPC_QUEUE_TYPE"
QUEUE_TYPES = ("classic", "quorum")


class UnknownQueueType(ValueError):
    """QUARTIER_RPC_QUEUE_TYPE names something RabbitMQ cannot serve Nameko with."""


def queue_arguments(config: dict[str, Any]) -> dict[str, Any]:
    """The `x-` arguments of the request queue the config asks for."""
    kind = str(config.get(QUEUE_TYPE_KEY) or "classic").strip().lower()
    if kind not in QUEUE_TYPES:
        raise UnknownQueueType(f"{QUEUE_TYPE_KEY} is {kind!r}; use one of {', '.join(QUEUE_TYPES)}")
    if kind == "classic":
        return {}
    # A quorum queue refuses a global prefetch; Nameko's consumer sets a per-consumer one
    # (max_workers), which a quorum queue accepts.
    return {"x-queue-type": "quorum"}


class TypedRpcConsumer(RpcConsumer):
    queue: Queue | None

    def setup(self) -> None:
        if self.queue is None:
            config = self.container.config
            service = self.container.service_name
            self.queue = Queue(
                RPC_QUEUE_TEMPLATE.format(service),
                exchange=get_rpc_exchange(config),
                routing_key=f"{service}.*",
                durable=True,
                queue_arguments=queue_arguments(config),
            )
            self.queue_consumer.register_provider(self)
            self._registered = True

    def handle_result(self, message: Any, result: Any, exc_info: Any) -> Any:
        result, exc_info = answer(self.container.config, message, result, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info


def answer(config: dict[str, Any], message: Any, result: Any, exc_info: Any) -> Any:
    """Publish the answer to the request `message`, as Nameko's Responder would (an error
    serialized, an unserializable result refused), without waiting for a confirm and
    serializing it once; what the worker's result handlers see, as Nameko returns it."""
    error = serialize(exc_info[1]) if exc_info is not None else None
    serializer = kombu.serialization.registry.type_to_name[message.properties["content_type"]]
    try:
        content_type, encoding, body = kombu.serialization.dumps(
            {"result": result, "error": error}, serializer
        )
    except Exception:
        exc_info = sys.exc_info()
        refused = {"result": None, "error": serialize(UnserializableValueError(result))}
        result = None
        content_type, encoding, body = kombu.serialization.dumps(refused, serializer)
    publisher = Publisher(
        config[AMQP_URI_CONFIG_KEY],
        use_confirms=False,
        ssl=config.get(AMQP_SSL_CONFIG_KEY),
        login_method=config.get(LOGIN_METHOD_CONFIG_KEY),
    )
    publisher.publish(
        body,
        content_type=content_type,
        content_encoding=encoding,
        # Its reply queue is transient: a broker restarted has lost the queue with it.
        delivery_mode=NON_PERSISTENT,
        exchange=get_rpc_exchange(config),
        routing_key=message.properties["reply_to"],
        correlation_id=message.properties.get("correlation_id"),
    )
    return result, exc_info


class TypedRpc(Rpc):
    rpc_consumer = TypedRpcConsumer()


rpc = TypedRpc.decorator


class ReplyQueueConsumer(QueueConsumer):
    """Nameko's queue consumer for reply listeners: a reply queue of a new name at each
    (re)connection, before the queue is declared."""

    def get_consumers(self, consumer_cls: Any, channel: Any) -> Any:
        for provider in self._providers:
            provider.renew()
        return super().get_consumers(consumer_cls, channel)


class TransientReplyListener(ReplyListener):
    """Nameko's reply listener, its queue transient and renamed at each connection (see
    above). Answers to calls sent before a reconnection are lost with the old queue; their
    callers time out (the gateway answers 503, and a client retries with its Idempotency-Key)."""

    queue: Queue
    queue_consumer = ReplyQueueConsumer()

    def setup(self) -> None:
        super().setup()
        self.renew()

    def renew(self) -> None:
        """A new queue name and routing key: calls sent from now on are answered there."""
        key = str(uuid.uuid4())
        self.queue = Queue(
            RPC_REPLY_QUEUE_TEMPLATE.format(self.container.service_name, key),
            exchange=get_rpc_exchange(self.container.config),
            routing_key=key,
            durable=False,
            queue_arguments={"x-expires": RPC_REPLY_QUEUE_TTL},
        )
        self.routing_key = key
