"""`quartier audit`: a stream's decoded history and its state at a past moment (the context's
own fold), a resident's trail across streams (recorded as the operator's reading), and one
request's events across services."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from contracts import Metadata
from contracts.identity.events import PasswordChanged
from contracts.ops.events import audit_stream
from services.eventstore import ANY, NewEvent
from services.eventstore.sealing import is_sealed
from services.ops.cli import main
from services.ops.opening import opened
from tests.contract.ops.kit import Stores, erase, register, rename


def shown(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    capsys.readouterr()
    code = main(["audit", *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if code == 0 else out


def test_a_streams_history_is_decoded_with_who_when_and_why(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    with opened() as ops:
        resident = register(ops.store, ops.codec, "Amandine")
        rename(ops.store, ops.codec, resident, "Mandy")
    code, events = shown(capsys, "stream", f"identity.resident-{resident}")
    assert code == 0
    assert [e["type"] for e in events] == ["identity.ResidentRegistered", "identity.ProfileChanged"]
    assert events[0]["data"]["email"] == "Amandine@example.org"
    assert events[1]["data"]["display_name"] == "Mandy"
    assert events[0]["actor"] == f"resident:{resident}"
    assert events[0]["correlation_id"] and events[0]["causation_id"]


def test_as_of_a_position_shows_the_folded_state_and_what_came_after(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    with opened() as ops:
        resident = register(ops.store, ops.codec, "Amandine")
        first = ops.store.head()
        rename(ops.store, ops.codec, resident, "Mandy")
    stream = f"identity.resident-{resident}"
    code, at = shown(capsys, "stream", stream, "--as-of", str(first))
    assert code == 0 and at["version"] == 0
    assert at["state"]["display_name"] == "Amandine"
    assert [e["type"] for e in at["after"]] == ["identity.ProfileChanged"]

    code, now = shown(capsys, "stream", stream, "--as-of", datetime.now(UTC).isoformat())
    assert now["state"]["display_name"] == "Mandy" and now["after"] == []


def test_a_residents_trail_follows_their_requests_and_the_reading_is_recorded(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    with opened() as ops:
        resident = register(ops.store, ops.codec, "Amandine")
        other = register(ops.store, ops.codec, "Bruno")
        [registered] = ops.store.read_stream(f"identity.resident-{resident}")
        # A reaction elsewhere, by the system, to the resident's request: same correlation.
        reaction = f"tests.thing-{uuid.uuid4()}"
        meta = Metadata.caused_by(
            registered.event_id, registered.metadata["correlation_id"], "system:welcome"
        )
        ops.store.append(reaction, [NewEvent("tests.ThingHappened", {}, meta.to_dict())], ANY)
    code, trail = shown(
        capsys, "resident", str(resident), "--actor", "li", "--reason", "complaint 42"
    )
    assert code == 0 and trail["erased"] is False
    streams = [e["stream"] for e in trail["events"]]
    assert streams == [f"identity.resident-{resident}", reaction]
    assert f"identity.resident-{other}" not in streams
    with opened() as ops:
        [read] = ops.store.read_stream(audit_stream("li"))
        decoded = ops.codec.decode(read).event
        analysts = ops.codec.for_analytics(read)["data"]
    assert read.type == "ops.ResidentAuditRead"
    assert read.metadata["actor"] == "system:ops.li"
    assert read.data["resident_id"] == str(resident) and read.data["events_shown"] == 2
    # The operator's words are theirs: sealed with their key, never in clear for analysts.
    assert is_sealed(read.data["reason"]) and decoded.reason == "complaint 42"
    assert analysts["reason"].startswith("psn_")


def test_an_erased_residents_trail_shows_them_erased(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    with opened() as ops:
        resident = register(ops.store, ops.codec, "Amandine")
        erase(ops.store, ops.codec, ops.keyring, resident)
    code, trail = shown(capsys, "resident", str(resident), "--actor", "li", "--reason", "erasure")
    assert code == 0 and trail["erased"] is True
    first = trail["events"][0]
    assert first["data"]["email"] == "[erased]" and "email" in first["erased_fields"]


def test_reading_a_trail_needs_a_reason_and_a_handle_and_records_nothing_without(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    with opened() as ops:
        resident = register(ops.store, ops.codec, "Amandine")
    code, out = shown(capsys, "resident", str(resident), "--actor", "li", "--reason", " ")
    assert code == 1 and "--reason" in out
    code, out = shown(capsys, "resident", str(resident), "--actor", "Li Wei", "--reason", "x")
    assert code == 1 and "--actor" in out
    with opened() as ops:
        assert ops.store.read_stream(audit_stream("li")) == []


def test_a_correlation_gathers_one_requests_events_across_streams(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    correlation = str(uuid.uuid4())
    with opened() as ops:
        register(ops.store, ops.codec, "Bruno")
        for context in ("tests.thing", "tests.other"):
            meta = {"correlation_id": correlation, "causation_id": None, "actor": "system:x"}
            ops.store.append(
                f"{context}-{uuid.uuid4()}", [NewEvent("tests.ThingHappened", {}, meta)], ANY
            )
    code, events = shown(capsys, "correlation", correlation)
    assert code == 0 and len(events) == 2
    assert all(not e["decoded"] for e in events)
    code, out = shown(capsys, "correlation", str(uuid.uuid4()))
    assert code == 1 and "no event of correlation" in out


def test_an_unknown_stream_is_a_clear_error(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = shown(capsys, "stream", f"identity.resident-{uuid.uuid4()}")
    assert code == 1 and "no stream" in out
    code, out = shown(capsys, "stream", "not a stream")
    assert code == 1 and "malformed stream name" in out


def test_credentials_are_withheld_from_events_and_states(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
    with opened() as ops:
        resident = register(ops.store, ops.codec, "Amandine")
        changed = PasswordChanged(resident, secret, datetime.now(UTC))
        meta = Metadata.start(f"resident:{resident}", uuid.uuid4())
        ops.store.append(f"identity.resident-{resident}", [ops.codec.encode(changed, meta)], ANY)
    stream = f"identity.resident-{resident}"
    code, events = shown(capsys, "stream", stream)
    assert code == 0 and events[1]["data"]["password_hash"] == "[withheld]"
    code, at = shown(capsys, "stream", stream, "--as-of", datetime.now(UTC).isoformat())
    assert at["state"]["password_hash"] == "[withheld]"
    assert secret not in json.dumps(events) + json.dumps(at)
