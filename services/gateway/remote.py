"""Calls to the services behind the gateway: Nameko RPC that never hangs.

Nameko 2.14's RpcProxy waits for a reply forever. Here each call waits `timeout` seconds
(QUARTIER_RPC_TIMEOUT_SECONDS), then answers 503 naming the capability that is missing
("accounts"). The request message carries the same time as its AMQP expiration (per-message
TTL): a request abandoned because its service was stopped is dropped by RabbitMQ instead of
being run when the service comes back, minutes after its caller gave up.

Refusals come back as `Refusal(code, message, details)`: every service answers with the
platform's one error class (services.runtime.doors.ServiceError, which registers itself with
nameko's exception registry), and its `code` is read in the refusal catalogue by
http/refusals.py. A new context adds nothing here.
The caller's correlation id travels in the worker context data, which nameko sends along with
every call (the gateway's entrypoint puts the request id there).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import eventlet
from kombu.exceptions import OperationalError
from nameko.amqp.publish import Publisher, UndeliverableMessage
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    AMQP_URI_CONFIG_KEY,
    DEFAULT_SERIALIZER,
    LOGIN_METHOD_CONFIG_KEY,
    NON_PERSISTENT,
    SERIALIZER_CONFIG_KEY,
)
from nameko.exceptions import UnknownService
from nameko.extensions import DependencyProvider
from nameko.rpc import MethodProxy, get_rpc_exchange

from services.gateway.http.errors import ApiError, not_caught_up, unavailable
from services.runtime.doors import ServiceError
from services.runtime.rpc import TransientReplyListener as ReplyListener

log = logging.getLogger("quartier.gateway")

# What a person is told is missing when a service does not answer.
CAPABILITIES = {
    "identity": "accounts",
    "neighbourhoods": "neighbourhoods",
    "listings": "listings",
    "matching": "matches",
    "notifications": "notifications",
}


# How long a request sent without waiting (Remote.send) may wait for its service.
SEND_KEEP_SECONDS = 900.0


class Refusal(Exception):
    """A service's refusal: a stable `code`, an English `message`, numbers in `details`."""

    def __init__(self, code: str, message: str = "", details: Any = None) -> None:
        super().__init__(code, message)
        self.code = str(code)
        self.message = str(message)
        self.details: dict[str, Any] = dict(details) if isinstance(details, dict) else {}


def refusal_of(exc: BaseException) -> Refusal | None:
    """A service's refusal (the platform's ServiceError, as nameko decodes it) as a Refusal."""
    if isinstance(exc, Refusal):
        return exc
    if isinstance(exc, ServiceError):
        return Refusal(exc.code, exc.message, exc.details)
    return None


class Remote:
    """One worker's door to the services: `remote.call("identity", "register", ...)`."""

    def __init__(self, worker_ctx: Any, listener: ReplyListener, timeout: float) -> None:
        self._worker_ctx = worker_ctx
        self._listener = listener
        self.timeout = timeout

    def within(self, seconds: float) -> Remote:
        """The same door with a shorter timeout (never a longer one), for a quick question."""
        return Remote(self._worker_ctx, self._listener, min(seconds, self.timeout))

    def call(self, service: str, method: str, *, patience: float = 0.0, **kwargs: Any) -> Any:
        """The answer, or Refusal (the service said no), or ApiError 503 (it said nothing in
        time, or the broker is away). `patience`: seconds the service may spend on top of the
        timeout, e.g. waiting for its read model to reach the `after` a client asked for."""
        capability = CAPABILITIES.get(service, service)
        timeout = self.timeout + patience
        # Not persistent: a request outliving its broker would be answered to a reply queue that
        # went with it, after its caller gave up (0069).
        proxy = MethodProxy(
            self._worker_ctx,
            service,
            method,
            self._listener,
            expiration=timeout,
            delivery_mode=NON_PERSISTENT,
        )
        reply: Any = None
        try:
            with eventlet.Timeout(timeout):
                reply = proxy.call_async(**kwargs)
                return reply.result()
        except eventlet.Timeout:
            log.warning("%s.%s: no answer within %g s", service, method, timeout)
            raise unavailable(capability) from None
        except UnknownService:
            log.warning("%s.%s: the service is not running", service, method)
            raise unavailable(capability) from None
        except (OperationalError, OSError) as exc:
            log.warning("%s.%s: broker unreachable (%s)", service, method, type(exc).__name__)
            raise unavailable(capability) from None
        except Exception as exc:
            refused = refusal_of(exc)
            if refused is None:
                raise
            if refused.code == "not_caught_up":
                raise not_caught_up() from None
            if refused.code == "unavailable":
                raise unavailable(capability) from None
            raise refused from None
        finally:
            if reply is not None:
                self._forget(reply)

    def send(
        self, service: str, method: str, *, keep: float = SEND_KEEP_SECONDS, **kwargs: Any
    ) -> None:
        """Ask without waiting for the answer: for a request whose outcome the caller must not
        learn, not even by how long it took (a password reset for an address that may have no
        account). The broker keeps the request (persistent) until the service takes it, for
        `keep` seconds at most. ApiError 503 when the service is not running or the broker is
        away."""
        capability = CAPABILITIES.get(service, service)
        proxy = MethodProxy(self._worker_ctx, service, method, self._listener, expiration=keep)
        try:
            with eventlet.Timeout(self.timeout):
                self._forget(proxy.call_async(**kwargs))
        except (eventlet.Timeout, UnknownService, OperationalError, OSError) as exc:
            log.warning("%s.%s: not sent (%s)", service, method, type(exc).__name__)
            raise unavailable(capability) from None

    def hears(self) -> bool:
        """Whether this gateway still hears answers: an answer it sends itself through the
        broker, to its own reply queue, comes back within the timeout. A gateway whose reply
        queue lost its binding or its record on a node (docs/decisions/0051) still sends every
        call and answers /healthz, yet hears no service; this is what shows it."""
        config = self._worker_ctx.container.config
        correlation_id = str(uuid.uuid4())
        waiter = self._listener.get_reply_event(correlation_id)
        publisher = Publisher(
            config[AMQP_URI_CONFIG_KEY],
            serializer=config.get(SERIALIZER_CONFIG_KEY, DEFAULT_SERIALIZER),
            ssl=config.get(AMQP_SSL_CONFIG_KEY),
            login_method=config.get(LOGIN_METHOD_CONFIG_KEY),
            mandatory=True,  # an unbound reply queue makes the broker return it at once
            expiration=self.timeout,
        )
        try:
            with eventlet.Timeout(self.timeout):
                publisher.publish(
                    {"result": correlation_id, "error": None},
                    exchange=get_rpc_exchange(config),
                    routing_key=self._listener.routing_key,
                    correlation_id=correlation_id,
                )
                heard: Any = waiter.wait()
                return bool(heard.get("result") == correlation_id)
        except (eventlet.Timeout, UndeliverableMessage, OperationalError, OSError) as exc:
            log.warning("the gateway's own answer did not come back (%s)", type(exc).__name__)
            return False
        finally:
            self._listener._reply_events.pop(correlation_id, None)

    def _forget(self, reply: Any) -> None:
        # A reply that never came would keep its waiter in the listener for good.
        waiters = self._listener._reply_events
        for key, event in list(waiters.items()):
            if event is reply.reply_event:
                waiters.pop(key, None)


class RemoteServices(DependencyProvider):
    """Remote calls with a timeout, for the gateway's workers."""

    listener = ReplyListener()

    def __init__(self, timeout: float | None = None) -> None:
        super().__init__()
        self._timeout = timeout

    def setup(self) -> None:
        from .settings import gateway_settings

        if self._timeout is None:
            self._timeout = gateway_settings(self.container.config).rpc_timeout

    def get_dependency(self, worker_ctx: Any) -> Remote:
        assert self._timeout is not None
        return Remote(worker_ctx, self.listener, self._timeout)


__all__ = ["CAPABILITIES", "ApiError", "Refusal", "Remote", "RemoteServices", "refusal_of"]
