"""The AsyncAPI document `make catalog` writes: valid against the AsyncAPI 3.0 JSON Schema
(@asyncapi/specs, pinned in package.json), and true to what the relay really publishes."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from contracts import Metadata, default_registry
from contracts.asyncapi import document
from contracts.catalog import main as catalog
from contracts.identity.accounts import ResidentRegistered
from services.eventstore import Position, RecordedEvent
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from services.relay.messages import analytics_message, event_message

ROOT = Path(__file__).resolve().parents[3]
SPEC = ROOT / "node_modules" / "@asyncapi" / "specs" / "schemas" / "3.0.0.json"
BASE = "urn:quartier:asyncapi"


@pytest.fixture(scope="module")
def asyncapi_schema() -> dict[str, Any]:
    if not SPEC.exists():
        message = f"{SPEC} is missing: run `make nodetools`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    schema: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return schema


def test_make_catalog_writes_a_valid_asyncapi_3_document(
    asyncapi_schema: dict[str, Any], tmp_path: Path
) -> None:
    assert catalog([str(tmp_path)]) == 0
    written = json.loads((tmp_path / "asyncapi.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft7Validator(asyncapi_schema).iter_errors(written))
    assert [e.message[:200] for e in errors] == []
    assert written["asyncapi"] == "3.0.0"


def test_a_broken_document_is_refused_by_the_same_check(asyncapi_schema: dict[str, Any]) -> None:
    broken = document()
    broken["operations"]["publish.analytics"]["action"] = "publish"  # AsyncAPI 2's word
    assert not jsonschema.Draft7Validator(asyncapi_schema).is_valid(broken)


def test_every_type_and_version_has_its_message_and_the_stream_its_latest() -> None:
    doc = document()
    messages = doc["components"]["messages"]
    for contract in default_registry():
        for spec in contract.versions:
            assert f"{spec.type}.v{spec.version}" in messages
        assert contract.type in doc["channels"]["analytics"]["messages"]
        channel = doc["channels"][contract.type]
        assert (
            channel["bindings"]["amqp"]["exchange"]["name"]
            == contract.type.split(".")[0] + ".events"
        )


def payload_validator(doc: dict[str, Any], key: str, part: str = "payload") -> Any:
    resources = Registry().with_resource(BASE, Resource.from_contents(doc, DRAFT7))
    return jsonschema.Draft7Validator(
        {"$ref": f"{BASE}#/components/messages/{key}/{part}"},
        registry=resources,
        format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER,
    )


def recorded_resident(codec: Codec) -> RecordedEvent:
    rid = uuid.uuid4()
    event = ResidentRegistered(rid, "ada@example.org", "Ada", datetime.now(UTC), "en")
    meta = Metadata(correlation_id=str(uuid.uuid4()), causation_id=None, actor=f"resident:{rid}")
    new = codec.encode(event, meta)
    return RecordedEvent(
        new.event_id,
        f"identity.resident-{rid}",
        0,
        Position((7,)),
        new.type,
        new.schema_version,
        new.data,
        new.metadata,
        datetime.now(UTC),
    )


def test_what_the_relay_publishes_matches_the_document() -> None:
    doc = document()
    codec = Codec(default_registry(), MemoryKeyring(), b"k" * 32)
    recorded = recorded_resident(codec)
    stored = event_message(recorded)
    pseudonymised = analytics_message(codec, recorded, "quartier.analytics")
    key = f"identity.ResidentRegistered.v{recorded.schema_version}"
    for message, name in ((stored, key), (pseudonymised, "identity.ResidentRegistered.analytics")):
        body = json.loads(message.body)
        errors = list(payload_validator(doc, name).iter_errors(body))
        assert [e.message[:200] for e in errors] == []
        headers = list(
            payload_validator(doc, name, "headers").iter_errors(message.properties.headers)
        )
        assert headers == []
    # The sealed form is not a pseudonym, nor the reverse.
    assert not payload_validator(doc, key).is_valid(json.loads(pseudonymised.body))
    assert not payload_validator(doc, "identity.ResidentRegistered.analytics").is_valid(
        json.loads(stored.body)
    )
