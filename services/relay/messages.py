"""What the relay publishes for one recorded event.

To `<context>.events` (what Nameko's `@event_handler("<context>", "<EventName>")` receives): the
recorded envelope as stored, PII still sealed, for services that decode it with the codec.
To the analytics exchange (and in analysts' exports): the envelope from `Codec.for_analytics`, PII
replaced by pseudonyms.

An event the codec cannot read (no contract for its type or version, personal data that fails
authentication, data its schema refuses) still reaches analysts, so that the stream has every
position: its data goes out as recorded with every sealed value replaced by "[sealed]", and the
envelope says why under "unreadable". Ciphertext never reaches analytics either way.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pika.spec import PERSISTENT_DELIVERY_MODE, BasicProperties

from contracts.errors import ContractError
from services.eventstore.model import RecordedEvent
from services.eventstore.sealing import is_sealed

from .publisher import Message

CONTENT_TYPE = "application/json"
SEALED = "[sealed]"
UNREADABLE = {
    "UnknownEventType": "unknown event type",
    "UnreadablePersonalData": "personal data unreadable",
    "InvalidEventData": "data refused by its schema",
}


def event_message(recorded: RecordedEvent) -> Message:
    """The message for `<context>.events`, routing key = the event's name."""
    context, _, name = recorded.type.partition(".")
    return Message(
        exchange=f"{context}.events",
        routing_key=name,
        body=_json(recorded.envelope()),
        properties=_properties(recorded, recorded.metadata),
    )


def analytics_body(codec: Any, recorded: RecordedEvent) -> dict[str, Any]:
    """The envelope analysts get, on the stream and in exports (see the module docstring)."""
    try:
        body: dict[str, Any] = codec.for_analytics(recorded)
    except ContractError as exc:
        body = recorded.envelope()
        body["data"] = _strip_sealed(recorded.data)
        body["unreadable"] = UNREADABLE.get(type(exc).__name__, "unreadable")
    return body


def analytics_message(codec: Any, recorded: RecordedEvent, exchange: str) -> Message:
    """The pseudonymised message for the analytics stream."""
    return Message(
        exchange=exchange,
        routing_key=recorded.type,
        body=_json(analytics_body(codec, recorded)),
        properties=_properties(recorded, recorded.metadata),
    )


def _properties(recorded: RecordedEvent, metadata: dict[str, Any]) -> BasicProperties:
    # None values are left out: not every AMQP client decodes a void header.
    headers = {
        k: metadata[k]
        for k in ("correlation_id", "causation_id", "actor")
        if isinstance(metadata.get(k), str)
    }
    headers["event_type"] = recorded.type
    headers["position"] = str(recorded.position)
    correlation = headers.get("correlation_id")
    return BasicProperties(
        content_type=CONTENT_TYPE,
        content_encoding="utf-8",
        delivery_mode=PERSISTENT_DELIVERY_MODE,
        message_id=str(recorded.event_id),
        correlation_id=correlation if isinstance(correlation, str) else None,
        timestamp=_epoch(recorded.recorded_at),
        type=recorded.type,
        headers=headers,
    )


def _epoch(when: datetime) -> int:
    return int(when.timestamp())


def _strip_sealed(value: Any) -> Any:
    if is_sealed(value):
        return SEALED
    if isinstance(value, dict):
        return {k: _strip_sealed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip_sealed(v) for v in value]
    return value


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
