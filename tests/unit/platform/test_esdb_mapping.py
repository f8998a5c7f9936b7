"""The EventStoreDB adapter's mapping of expectations, metadata, filters, positions and URLs,
against a fake standing in for esdbclient's client (see esdb_fake)."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from esdbclient import RecordedEvent as ClientRecordedEvent
from esdbclient import StreamState
from esdbclient.common import construct_filter_include_regex

from services.eventstore.esdb_mapping import (
    UNKNOWN_TIME,
    client_url,
    current_version,
    decode_metadata,
    encode_metadata,
    server_name,
    stream_filter,
    type_filter,
)
from services.eventstore.model import (
    ANY,
    NO_STREAM,
    STREAM_RE,
    EncodedEvent,
    InvalidPosition,
    NewEvent,
    Position,
)
from tests.unit.platform.esdb_fake import URL, FakeClient, event, new_stream, store


def encoded(metadata: dict[str, Any], schema_version: int = 1) -> EncodedEvent:
    return EncodedEvent(
        uuid.uuid4(), "tests.ThingHappened", schema_version, "{}", json.dumps(metadata)
    )


# Expected versions


def test_expectations_map_onto_the_clients_stream_states() -> None:
    assert current_version(NO_STREAM, StreamState) is StreamState.NO_STREAM
    assert current_version(ANY, StreamState) is StreamState.ANY
    assert current_version(4, StreamState) == 4


def test_append_hands_the_mapped_expectation_to_the_client() -> None:
    client = FakeClient()
    s = new_stream()
    es = store(client)
    es.append(s, [event(0)], expected_version=NO_STREAM)
    es.append(s, [event(1)], expected_version=0)
    es.append(s, [event(2)])
    assert client.appended_with == [StreamState.NO_STREAM, 0, StreamState.ANY]


# Metadata


def test_schema_version_and_metadata_survive_the_round_trip() -> None:
    s = new_stream()
    es = store()
    metadata = {"correlation_id": "c-1", "causation_id": "c-0", "actor": "resident:7"}
    es.append(s, [NewEvent("tests.ThingHappened", {"x": "café"}, metadata, schema_version=4)])
    [recorded] = es.read_stream(s)
    assert (recorded.schema_version, recorded.data, recorded.metadata) == (
        4,
        {"x": "café"},
        metadata,
    )


def test_correlation_and_causation_are_stored_under_the_names_eventstoredb_reads() -> None:
    stored = json.loads(encode_metadata(encoded({"correlation_id": "c", "causation_id": "k"}, 2)))
    assert stored == {"$schemaVersion": 2, "$correlationId": "c", "$causationId": "k"}


def test_our_own_dollar_keys_cannot_collide_with_reserved_ones() -> None:
    ours = {"$schemaVersion": "mine", "$correlationId": 1, "$$x": True, "plain": None}
    raw = encode_metadata(encoded(ours, 3))
    assert decode_metadata(raw) == (3, ours)


def test_metadata_written_by_others_reads_as_version_one_without_system_keys() -> None:
    assert decode_metadata(b"") == (1, {})
    assert decode_metadata(b'{"$o":"x","$correlationId":"c","a":1}') == (
        1,
        {"correlation_id": "c", "a": 1},
    )


def test_a_missing_created_stamp_reads_as_the_unknown_time() -> None:
    client = FakeClient()
    s = new_stream()
    client.record(s, "tests.ThingHappened")
    client.log[-1] = ClientRecordedEvent(**{**client.log[-1].__dict__, "recorded_at": None})
    [recorded] = store(client).read_stream(s)
    assert recorded.recorded_at == UNKNOWN_TIME


# Filters


def server_match(pattern: str, value: str) -> bool:
    return re.match(construct_filter_include_regex((pattern,)), value) is not None


def test_category_filter_matches_only_our_streams_of_those_categories() -> None:
    pattern = stream_filter(["identity.resident", "listings.listing"])
    uid = str(uuid.uuid4())
    assert server_match(pattern, f"identity.resident-{uid}")
    assert server_match(pattern, f"listings.listing-{uid}")
    for other in [
        f"identity.residents-{uid}",
        f"xidentity.resident-{uid}",
        f"identityxresident-{uid}",
        f"$ce-identity.resident-{uid}",
        "identity.resident-not-a-uuid",
        f"listings.listing-{uid}-extra",
    ]:
        assert not server_match(pattern, other), other


def test_the_default_filter_accepts_exactly_our_stream_format() -> None:
    pattern = stream_filter(None)
    uid = str(uuid.uuid4())
    for name in [f"a.b-{uid}", f"$$a.b-{uid}", f"A.b-{uid}", "a.b-1", f"ab-{uid}", "$stats-1"]:
        assert server_match(pattern, name) == bool(STREAM_RE.match(name)), name


def test_type_filter_matches_whole_type_names_only() -> None:
    pattern = type_filter(["tests.ThingHappened", "tests.Other"])
    assert server_match(pattern, "tests.ThingHappened") and server_match(pattern, "tests.Other")
    assert not server_match(pattern, "tests.ThingHappenedTwice")
    assert not server_match(pattern, "testsxThingHappened")


# Positions


def test_positions_have_one_part() -> None:
    es = store()
    assert es.position_from_string("4711") == Position((4711,))
    for text in ["", "1.2", "-3", "x"]:
        with pytest.raises(InvalidPosition):
            es.position_from_string(text)
    with pytest.raises(InvalidPosition):
        es.read_all(after=Position((1, 2)))


def test_url_helpers_hide_credentials_and_rename_kurrentdb_schemes() -> None:
    assert server_name(URL) == "events.example:2113"
    assert server_name("esdb+discover://u:p@a:2113,b:2113") == "a:2113,b:2113"
    assert client_url("kurrentdb://h:2113?Tls=false") == "esdb://h:2113?Tls=false"
    assert client_url("kurrentdb+discover://h:2113") == "esdb+discover://h:2113"
    assert client_url(URL) == URL
