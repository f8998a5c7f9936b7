"""A service's answer to an RPC, on a real broker (docs/decisions/0069): published once
serialized, not persistent, to the caller's reply queue under its correlation id; an error
carried as Nameko carries it; a result that cannot be serialized refused as Nameko refuses it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import kombu
import pytest
from nameko.constants import NON_PERSISTENT

from services.runtime.doors import ServiceError
from services.runtime.rpc import answer


class Request:
    """The request message an answer replies to: what `answer` reads of it."""

    def __init__(self, reply_to: str, correlation_id: str) -> None:
        self.properties = {
            "content_type": "application/json",
            "reply_to": reply_to,
            "correlation_id": correlation_id,
        }


@pytest.fixture
def replies(amqp_uri: str) -> Iterator[tuple[dict[str, Any], kombu.SimpleQueue, str]]:
    """The config of a service on a fresh vhost, and a caller's transient reply queue bound
    to its RPC exchange."""
    key = str(uuid.uuid4())
    with kombu.Connection(amqp_uri) as conn:
        exchange = kombu.Exchange("nameko-rpc", type="topic", durable=True)
        queue = kombu.Queue(f"rpc.reply-tests-{key}", exchange, routing_key=key, durable=False)
        simple = conn.SimpleQueue(queue)
        yield {"AMQP_URI": amqp_uri}, simple, key
        simple.close()


def _received(simple: kombu.SimpleQueue) -> Any:
    message = simple.get(timeout=10)
    message.ack()
    return message


def test_an_answer_reaches_its_caller_once_serialized_and_not_persistent(replies: Any) -> None:
    config, simple, key = replies
    correlation = str(uuid.uuid4())
    result, exc_info = answer(config, Request(key, correlation), {"items": [1, "é"]}, None)
    message = _received(simple)
    assert message.payload == {"result": {"items": [1, "é"]}, "error": None}
    assert message.properties["correlation_id"] == correlation
    assert message.properties["delivery_mode"] == NON_PERSISTENT
    assert (result, exc_info) == ({"items": [1, "é"]}, None)


def test_a_refusal_travels_as_nameko_serializes_errors(replies: Any) -> None:
    config, simple, key = replies
    try:
        raise ServiceError("not_caught_up", "not yet", {"after": "7"})
    except ServiceError as refused:
        exc_info = (type(refused), refused, refused.__traceback__)
    answer(config, Request(key, "c"), None, exc_info)
    error = _received(simple).payload["error"]
    assert error["exc_type"] == "ServiceError"
    assert "not_caught_up" in error["value"]


def test_a_result_that_cannot_be_serialized_is_refused_to_the_caller(replies: Any) -> None:
    config, simple, key = replies
    result, exc_info = answer(config, Request(key, "c"), {"when": object()}, None)
    assert result is None and exc_info is not None
    payload = _received(simple).payload
    assert payload["result"] is None
    assert payload["error"]["exc_type"] == "UnserializableValueError"
