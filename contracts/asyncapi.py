"""The AsyncAPI 3.0 document of what the relay publishes on RabbitMQ, generated from the
contracts (written by `make catalog` beside the JSON Schemas, as asyncapi.json).

- one channel per event type on its context's topic exchange `<context>.events`, routing key
  the event's name: the envelope as stored, in any schema version ever declared, personal
  fields sealed (`{"$pii": "<base64>"}`);
- the stream queue `quartier.analytics` (behind a fanout exchange of the same name): every
  event upcast to its latest version, personal fields replaced by pseudonyms ("psn_" + 32 hex
  digits) or "[erased]", and events no contract reads marked `unreadable`.

Each payload is an AsyncAPI Schema Object (a superset of JSON Schema draft-07): the catalogue's
2020-12 schemas use nothing draft-07 lacks, so they are embedded as they are, without `$schema`.
"""

from __future__ import annotations

import copy
from typing import Any

from . import default_registry
from .catalog import converter, schema_document
from .registry import EventContract, Registry, SchemaVersion

VERSION = "3.0.0"
ANALYTICS = "quartier.analytics"
AMQP_BINDING = "0.3.0"
PSEUDONYM = {"type": "string", "pattern": "^(psn_[0-9a-f]{32}|\\[erased\\])$"}
SEALED = {
    "type": "object",
    "description": "A personal value sealed with AES-GCM under its subject's key.",
    "required": ["$pii"],
    "properties": {"$pii": {"type": "string", "contentEncoding": "base64"}},
    "additionalProperties": False,
}
METADATA = {
    "type": "object",
    "required": ["correlation_id", "actor"],
    "properties": {
        "correlation_id": {"type": "string"},
        "causation_id": {"type": ["string", "null"]},
        "actor": {"type": "string", "description": "an id (resident:<uuid>), never a name"},
    },
}
HEADERS = {
    "type": "object",
    "required": ["event_type", "position"],
    "properties": {
        "event_type": {"type": "string"},
        "position": {"type": "string", "description": "the event's place in the whole log"},
        "log": {
            "type": "string",
            "description": "names the log the position belongs to, opaque: positions of two"
            " logs do not compare",
        },
        "correlation_id": {"type": "string"},
        "causation_id": {"type": "string"},
        "actor": {"type": "string"},
    },
}


def document(registry: Registry | None = None) -> dict[str, Any]:
    """The whole AsyncAPI document."""
    registry = registry or default_registry()
    convert = converter()
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    analytics: dict[str, Any] = {"unreadable": {"$ref": "#/components/messages/unreadable"}}
    for contract in registry:
        context, _, name = contract.type.partition(".")
        versions = {}
        for spec in contract.versions:
            key = f"{spec.type}.v{spec.version}"
            schemas[key] = _data(schema_document(contract, spec, convert), SEALED)
            messages[key] = _message(spec, key, sealed=True)
            versions[key] = {"$ref": f"#/components/messages/{key}"}
        latest = f"{contract.type}.analytics"
        schemas[latest] = _data(schema_document(contract, contract.latest, convert), PSEUDONYM)
        messages[latest] = _message(contract.latest, latest, sealed=False)
        analytics[contract.type] = {"$ref": f"#/components/messages/{latest}"}
        channels[contract.type] = _event_channel(contract, context, name, versions)
        operations[f"publish.{contract.type}"] = _operation(contract.type, contract.type)
    messages["unreadable"] = _unreadable()
    channels["analytics"] = _analytics_channel(analytics)
    operations["publish.analytics"] = _operation("analytics", "every event, pseudonymised")
    return {
        "asyncapi": VERSION,
        "id": "urn:quartier:events",
        "info": {
            "title": "Quartier events",
            "version": "1",
            "description": " ".join(__doc__.split("\n\n")[0].split()),
        },
        "defaultContentType": "application/json",
        "servers": {
            "local": {
                "host": "localhost:5672",
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "description": "QUARTIER_AMQP_URI names the broker of a deployment",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


def _data(event_schema: dict[str, Any], personal: dict[str, Any]) -> dict[str, Any]:
    """An event's data schema, with its personal fields as they travel (sealed or pseudonyms)."""
    body = {k: v for k, v in event_schema.items() if k not in ("$schema", "$id")}
    for prop in body.get("properties", {}).values():
        if prop.get("x-pii"):
            kept = {k: v for k, v in prop.items() if k.startswith("x-") or k == "description"}
            prop.clear()
            prop.update(copy.deepcopy(personal), **kept)
    return body


def _envelope(spec: SchemaVersion, key: str) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "event_id": {"type": "string", "format": "uuid"},
        "stream": {
            "type": "string",
            "description": "<context>.<aggregate>-<uuid>; on the analytics stream, the uuid of a"
            " stream named after personal data (identity.email) is a pseudonym",
        },
        "version": {"type": "integer", "minimum": 0, "description": "0-based in its stream"},
        "position": {"type": "string", "description": "the event's place in the whole log"},
        "type": {"const": spec.type},
        "schema_version": {"const": spec.version},
        "data": {"$ref": f"#/components/schemas/{key}"},
        "metadata": METADATA,
        "recorded_at": {"type": "string", "format": "date-time"},
    }
    return {
        "type": "object",
        "required": sorted(properties),
        "properties": properties,
        "additionalProperties": False,
    }


def _message(spec: SchemaVersion, key: str, sealed: bool) -> dict[str, Any]:
    where = "its context's exchange, as stored" if sealed else "the analytics stream"
    return {
        "name": spec.type,
        "title": f"{spec.type} v{spec.version} on {where}",
        "contentType": "application/json",
        "headers": HEADERS,
        "payload": _envelope(spec, key),
        "correlationId": {"location": "$message.header#/correlation_id"},
        "bindings": {
            "amqp": {
                "contentEncoding": "utf-8",
                "messageType": spec.type,
                "bindingVersion": AMQP_BINDING,
            }
        },
    }


def _unreadable() -> dict[str, Any]:
    return {
        "name": "unreadable",
        "title": "An event no contract reads, on the analytics stream",
        "summary": 'Its data as recorded with every sealed value replaced by "[sealed]".',
        "contentType": "application/json",
        "headers": HEADERS,
        "payload": {
            "type": "object",
            "required": ["event_id", "position", "type", "data", "unreadable"],
            "properties": {
                "event_id": {"type": "string", "format": "uuid"},
                "position": {"type": "string"},
                "type": {"type": "string"},
                "data": {"type": "object"},
                "unreadable": {
                    "enum": [
                        "unknown event type",
                        "personal data unreadable",
                        "data refused by its schema",
                        "unreadable",
                    ]
                },
            },
        },
    }


def _event_channel(
    contract: EventContract, context: str, name: str, versions: dict[str, Any]
) -> dict[str, Any]:
    return {
        "address": name,
        "title": f"{contract.type} on {context}.events",
        "description": f"Topic exchange {context}.events, routing key {name}.",
        "messages": versions,
        "bindings": {
            "amqp": {
                "is": "routingKey",
                "exchange": {
                    "name": f"{context}.events",
                    "type": "topic",
                    "durable": True,
                    "autoDelete": False,
                    "vhost": "/",
                },
                "bindingVersion": AMQP_BINDING,
            }
        },
    }


def _analytics_channel(messages: dict[str, Any]) -> dict[str, Any]:
    return {
        "address": ANALYTICS,
        "title": "The analytics stream",
        "description": (
            "A RabbitMQ stream queue (x-queue-type: stream) bound to the fanout exchange of the"
            " same name: every event in log order, pseudonymised. Read it from an offset or a"
            " timestamp with x-stream-offset (consumer prefetch required); messages are"
            " retained for QUARTIER_ANALYTICS_MAX_AGE (30 days by default)."
        ),
        "messages": messages,
        "bindings": {
            "amqp": {
                "is": "queue",
                "queue": {
                    "name": ANALYTICS,
                    "durable": True,
                    "exclusive": False,
                    "autoDelete": False,
                    "vhost": "/",
                },
                "bindingVersion": AMQP_BINDING,
            }
        },
    }


def _operation(channel: str, summary: str) -> dict[str, Any]:
    return {
        "action": "send",
        "summary": f"The relay publishes {summary}, in log order, with publisher confirms.",
        "channel": {"$ref": f"#/channels/{channel}"},
    }
