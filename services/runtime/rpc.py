"""Nameko's `@rpc`, with the type of the service's request queue (`rpc-<service>`) taken from the
config: QUARTIER_RPC_QUEUE_TYPE `classic` (default, what plain Nameko declares) or `quorum`
(replicated on a RabbitMQ cluster, so that the queue outlives the node it leads on: deploy/cluster,
docs/decisions/0042).

Reply queues stay classic (a caller's own, short-lived), but transient: Nameko declares them
durable, and a durable classic queue whose node died cannot be declared again on another node
until that node is back (404 NOT_FOUND, "home node ... is down"), so a caller whose node died
could not hear any answer. A transient one goes with its node and is declared again wherever
the caller reconnects. The exchange is the same `nameko-rpc`. RabbitMQ refuses to redeclare a
queue with another type, so switching a broker that already holds classic `rpc-*` queues means
deleting them first (rabbitmqctl delete_queue) while the services are stopped.
"""

from __future__ import annotations

from typing import Any

from kombu.entity import Queue
from nameko.rpc import RPC_QUEUE_TEMPLATE, ReplyListener, Rpc, RpcConsumer, get_rpc_exchange

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


class TypedRpc(Rpc):
    rpc_consumer = TypedRpcConsumer()


rpc = TypedRpc.decorator


class TransientReplyListener(ReplyListener):
    """Nameko's reply listener, its queue transient (see above)."""

    queue: Queue

    def setup(self) -> None:
        super().setup()
        queue = self.queue
        self.queue = Queue(
            queue.name,
            exchange=queue.exchange,
            routing_key=self.routing_key,
            durable=False,
            queue_arguments=getattr(queue, "queue_arguments", None),
        )
