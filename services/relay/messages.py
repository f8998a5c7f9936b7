"""What the relay publishes for one recorded event.

To `<context>.events` (what Nameko's `@event_handler("<context>", "<EventName>")` receives): the
recorded envelope as stored, PII still sealed, for services that decode it with the codec.
To the analytics exchange (and in analysts' exports): the envelope from `Codec.for_analytics`, PII
replaced by pseudonyms.

An event the codec cannot read (no contract for its type or version, personal data that fails
authentication, data its schema refuses) still reaches analysts, so that the stream has every
position: its data goes out as recorded with every sealed value replaced by "[sealed]", and the
envelope says why under "unreadable". Ciphertext never reaches analytics either way.

`batch_messages` builds a batch's messages with the work shared where it can be (0047): one set of
properties per event, encoded once for both of its messages, and the batch's data subjects' keys
looked up at once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from pika.spec import PERSISTENT_DELIVERY_MODE, BasicProperties

from contracts.contexts import context_of
from contracts.errors import ContractError
from services.eventstore.codec import Openers
from services.eventstore.model import RecordedEvent
from services.eventstore.sealing import is_sealed

from .publisher import Exchange, Message, Topology

CONTENT_TYPE = "application/json"
SEALED = "[sealed]"
UNREADABLE = {
    "UnknownEventType": "unknown event type",
    "UnreadablePersonalData": "personal data unreadable",
    "InvalidEventData": "data refused by its schema",
}
# One encoder for what orjson refuses: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class AnalyticsStream:
    """Where analysts read every event, pseudonymised: a stream queue behind a fanout exchange.

    `max_age` is RabbitMQ's x-max-age ("30D", "12h", "7D"...); `max_length_bytes` caps its size.
    """

    codec: Any  # services.eventstore.codec.Codec, or anything with for_analytics(recorded)
    max_age: str = "30D"
    max_length_bytes: int | None = None
    name: str = "quartier.analytics"

    def topology(self) -> Topology:
        arguments: dict[str, Any] = {"x-queue-type": "stream", "x-max-age": self.max_age}
        if self.max_length_bytes:
            arguments["x-max-length-bytes"] = self.max_length_bytes
        return Topology(Exchange(self.name, "fanout"), self.name, arguments)


def batch_messages(
    batch: Sequence[RecordedEvent],
    analytics: AnalyticsStream | None,
    events: bool = True,
    log: str | None = None,
) -> list[Message]:
    """Each event's `<context>.events` message (unless `events` is False) followed, with
    `analytics`, by its analysts' copy; both carry the same properties, with `log` (the
    store's log_id) beside each position when the store names its log."""
    messages = []
    # This batch's subjects' ciphers from one keyring look-up (one per subject cost more than
    # the rest of the analytics copy); a codec without it asks each subject once.
    openers = getattr(analytics.codec, "openers", None) if analytics is not None else None
    keys: Openers = openers(batch) if openers is not None else {}
    for recorded in batch:
        properties = _properties(recorded, recorded.metadata, log)
        envelope = recorded.envelope()
        if events:
            messages.append(_event_message(recorded, properties, envelope))
        if analytics is not None:
            body = analytics_body(analytics.codec, recorded, keys, envelope)
            messages.append(Message(analytics.name, recorded.type, _json(body), properties))
    return messages


def event_message(recorded: RecordedEvent) -> Message:
    """The message for `<context>.events`, routing key = the event's name."""
    return _event_message(recorded, _properties(recorded, recorded.metadata))


def _event_message(
    recorded: RecordedEvent, properties: BasicProperties, envelope: dict[str, Any] | None = None
) -> Message:
    context = context_of(recorded.type)
    body = _json(recorded.envelope() if envelope is None else envelope)
    return Message(f"{context}.events", recorded.type[len(context) + 1 :], body, properties)


def analytics_body(
    codec: Any,
    recorded: RecordedEvent,
    keys: Openers | None = None,
    envelope: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The envelope analysts get, on the stream and in exports (see the module docstring).
    `keys`, when given, keeps the subjects' keys between calls; `envelope`, the recorded
    envelope already made (see Codec.for_analytics)."""
    try:
        if keys is None:
            body: dict[str, Any] = codec.for_analytics(recorded)
        elif envelope is None:
            body = codec.for_analytics(recorded, keys=keys)
        else:
            body = codec.for_analytics(recorded, keys=keys, envelope=envelope)
    except ContractError as exc:
        body = {**recorded.envelope(), "stream": codec.analysts_stream(recorded.stream)}
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


def _properties(
    recorded: RecordedEvent, metadata: dict[str, Any], log: str | None = None
) -> BasicProperties:
    # None values are left out: not every AMQP client decodes a void header.
    headers = {
        k: metadata[k]
        for k in ("correlation_id", "causation_id", "actor")
        if isinstance(metadata.get(k), str)
    }
    headers["event_type"] = recorded.type
    headers["position"] = str(recorded.position)
    if log is not None:
        headers["log"] = log
    correlation = headers.get("correlation_id")
    return _EncodedOnce(
        content_type=CONTENT_TYPE,
        content_encoding="utf-8",
        delivery_mode=PERSISTENT_DELIVERY_MODE,
        message_id=str(recorded.event_id),
        correlation_id=correlation if isinstance(correlation, str) else None,
        timestamp=_epoch(recorded.recorded_at),
        type=recorded.type,
        headers=headers,
    )


class _EncodedOnce(BasicProperties):
    """Properties that pika encodes once however many messages carry them (an event's message
    and its analysts' copy): encoding the headers table is a large part of a publish."""

    _encoded: list[bytes] | None = None

    def encode(self) -> list[bytes]:
        if self._encoded is None:
            self._encoded = super().encode()
        return list(self._encoded)  # pika inserts the frame's own prefix into the list


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
    """The body as the encoder above writes it, in UTF-8 (but for some floats' exponent, 5.9e-8
    for 5.9e-08: the same value). orjson writes it in a quarter of the time, about a tenth of
    the relay's CPU per event with the analytics stream (bench/RESULTS.md, "Relay"). A value
    it refuses (an integer beyond 64 bits) goes through the encoder."""
    try:
        return orjson.dumps(body)
    except orjson.JSONEncodeError:
        return _ENCODER.encode(body).encode()
