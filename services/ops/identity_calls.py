"""The `quartier` commands that act on residents: operator grant/revoke, erase, export.

They call the identity service over RPC rather than appending to the log themselves. The other
way (the identity handlers straight on the event store) would need the keyring, the proof
documents folder and the pseudonym key on the operator's machine, and would bypass the checks
and the translated refusals of the service; over RPC the command line needs only the broker
(AMQP_URI of the configuration) and every change goes through the one door residents use too.
The cost: the platform must be running, which the error says when it is not.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from kombu.exceptions import OperationalError
from nameko.exceptions import RpcTimeout, UnknownService
from nameko.standalone.rpc import ClusterRpcProxy

from services.runtime.config import load, safe_url
from services.runtime.doors import ServiceError as IdentityError

TIMEOUT_SECONDS = 10.0
NOT_ANSWERING = "the identity service does not answer; is `make run` running?"
_ACTOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


class IdentityUnavailable(Exception):
    pass


def operator_actor(name: str) -> str:
    """The operator as the log's metadata names them: a short handle, never a full name."""
    if not _ACTOR.fullmatch(name):
        raise ValueError("--actor is a handle of 1 to 40 letters, digits, '.', '_' or '-'")
    return f"system:ops.{name}"


def resident_id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValueError(f"{value!r} is not a resident id (a UUID)") from None


@contextmanager
def identity(timeout: float = TIMEOUT_SECONDS) -> Iterator[Any]:
    """The identity service's RPC proxy; refusals come back as IdentityError (the platform's
    ServiceError), silence and an unreachable broker as IdentityUnavailable."""
    uri = load().amqp_uri
    try:
        with ClusterRpcProxy({"AMQP_URI": uri}, timeout=timeout) as cluster:
            yield cluster.identity
    except (RpcTimeout, UnknownService):
        raise IdentityUnavailable(NOT_ANSWERING) from None
    except (OperationalError, OSError) as exc:
        raise IdentityUnavailable(
            f"cannot reach RabbitMQ at {safe_url(uri)} ({type(exc).__name__}); "
            "is `make run` running?"
        ) from None


def call(method: Callable[[Any], Any]) -> Any:
    with identity() as service:
        return method(service)


__all__ = ["IdentityError", "IdentityUnavailable", "call", "operator_actor", "resident_id"]
