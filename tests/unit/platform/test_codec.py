"""The codec: encode/decode round trips, validation, upcasting, erasure and pseudonyms."""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import Schema, fields, validate

from contracts import (
    ERASED,
    InvalidEventData,
    Metadata,
    Registry,
    SubjectErased,
    UnknownEventType,
    UnreadablePersonalData,
    declare,
    default_registry,
    is_erased,
    pii,
)
from contracts.identity.events import (
    ResidentErased,
    ResidentRegistered,
    ResidentRegisteredV1Schema,
)
from services.eventstore import NO_STREAM, EventStore, RecordedEvent, connect
from services.eventstore.codec import MARKER, Codec
from services.eventstore.keyring import MemoryKeyring
from tests.support.event_data import JSON_VALUES

PSEUDONYM_KEY = b"k" * 32
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class ThingLent:
    """An event about two people: each one's data is sealed with their own key."""

    lender_id: uuid.UUID
    borrower_id: uuid.UUID
    lender_note: str
    borrower_phone: str
    details: Any


class ThingLentSchema(Schema):
    lender_id = fields.UUID(required=True)
    borrower_id = fields.UUID(required=True)
    lender_note = pii(fields.String(required=True))
    borrower_phone = pii(
        fields.String(required=True, validate=validate.Regexp(r"^\+?[0-9 ]+$", error="{input}?")),
        subject="borrower_id",
    )
    details = pii(fields.Raw(required=True, allow_none=True))


@dataclass(frozen=True)
class ResidentRegisteredV1:
    resident_id: uuid.UUID
    email: str
    name: str
    registered_at: datetime


@dataclass(frozen=True)
class ThingNamed:
    """An event whose text is not personal data: stored in clear."""

    thing_id: uuid.UUID
    name: str


class ThingNamedSchema(Schema):
    thing_id = fields.UUID(required=True)
    name = fields.String(required=True)


def registry() -> Registry:
    contracts = default_registry()
    contracts.add(declare("lending.ThingLent", 1, ThingLent, ThingLentSchema, "lender_id"))
    contracts.add(declare("lending.ThingNamed", 1, ThingNamed, ThingNamedSchema))
    return contracts


def codec(keyring: MemoryKeyring | None = None) -> Codec:
    return Codec(registry(), keyring or MemoryKeyring(), PSEUDONYM_KEY)


def resident(email: str = "ada@example.org", name: str = "Ada L.") -> ResidentRegistered:
    return ResidentRegistered(uuid.uuid4(), email, name, WHEN)


def meta() -> Metadata:
    return Metadata.start("system:tests")


def store_and_read(store: EventStore, stream: str, encoded: Any) -> RecordedEvent:
    store.append(stream, [encoded], expected_version=NO_STREAM)
    return store.read_stream(stream)[-1]


def recorded(c: Codec, event: Any) -> RecordedEvent:
    store = connect("memory://")
    return store_and_read(store, f"tests.thing-{uuid.uuid4()}", c.encode(event, meta()))


def erased_after_recording() -> tuple[Codec, ResidentRegistered, RecordedEvent]:
    """A codec, and a resident's registration it recorded before the resident was erased."""
    keyring = MemoryKeyring()
    c = codec(keyring)
    event = resident()
    stored = recorded(c, event)
    keyring.erase(str(event.resident_id))
    return c, event, stored


def test_a_registered_resident_reads_back_as_written() -> None:
    c = codec()
    event = resident()
    metadata = meta()
    encoded = c.encode(event, metadata)
    assert (encoded.type, encoded.schema_version) == ("identity.ResidentRegistered", 3)
    store = connect("memory://")
    decoded = c.decode(store_and_read(store, f"identity.resident-{event.resident_id}", encoded))
    assert decoded.event == event
    assert decoded.metadata == metadata
    assert decoded.erased == frozenset()
    assert decoded.event_id == encoded.event_id


def test_personal_values_are_stored_sealed_and_the_rest_in_clear() -> None:
    event = resident(email="grace@example.org", name="Grace H.")
    encoded = codec().encode(event, meta())
    stored = json.dumps(encoded.data)
    assert "grace@example.org" not in stored and "Grace" not in stored
    assert set(encoded.data["email"]) == {MARKER}
    assert encoded.data["resident_id"] == str(event.resident_id)
    assert encoded.data["registered_at"] == WHEN.isoformat()


def test_the_same_value_is_sealed_differently_each_time() -> None:
    c = codec()
    event = resident()
    assert c.encode(event, meta()).data["email"] != c.encode(event, meta()).data["email"]


def test_the_event_id_given_is_kept() -> None:
    event_id = uuid.uuid4()
    assert codec().encode(resident(), meta(), event_id=event_id).event_id == event_id


def test_an_invalid_event_is_refused_before_it_reaches_the_store() -> None:
    store = connect("memory://")
    c = codec()
    for bad in (
        resident(email="not-an-email"),
        resident(name=""),
        replace(resident(), registered_at=datetime(2026, 3, 1)),  # no time zone
        replace(resident(), resident_id="nope"),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidEventData):
            store.append(f"identity.resident-{uuid.uuid4()}", [c.encode(bad, meta())])
    assert store.head() is None


def test_errors_name_the_field_but_never_quote_the_personal_value() -> None:
    c = codec()
    with pytest.raises(InvalidEventData) as caught:
        c.encode(resident(email="ada-at-example.org"), meta())
    assert "email" in caught.value.errors
    assert "ada-at-example.org" not in str(caught.value) + repr(caught.value.errors)
    lent = ThingLent(uuid.uuid4(), uuid.uuid4(), "note", "call 0612", None)
    with pytest.raises(InvalidEventData) as caught:
        c.encode(lent, meta())
    assert "borrower_phone" in str(caught.value)
    assert "0612" not in str(caught.value) + repr(caught.value.errors)


def test_a_personal_value_that_is_not_json_is_refused_without_quoting_it() -> None:
    lent = ThingLent(uuid.uuid4(), uuid.uuid4(), "note", "+33 6", {"weight": float("inf")})
    with pytest.raises(InvalidEventData, match="details is not a JSON value") as caught:
        codec().encode(lent, meta())
    assert "inf" not in str(caught.value)


def test_text_that_is_not_unicode_is_refused_by_the_codec_not_by_the_store() -> None:
    # A lone surrogate passes the schema; every store would refuse it, after the command's
    # other streams were written.
    c = codec()
    with pytest.raises(InvalidEventData) as sealed:
        c.encode(resident(name="Ada \ud800"), meta())
    with pytest.raises(InvalidEventData, match="name cannot be stored") as clear:
        c.encode(ThingNamed(uuid.uuid4(), "lamp \udfff"), meta())
    for refusal in (sealed.value, clear.value):
        assert "\ud800" not in str(refusal) and "\udfff" not in str(refusal)


def test_metadata_must_say_who_acted() -> None:
    with pytest.raises(InvalidEventData, match="actor"):
        codec().encode(resident(), {"correlation_id": "c", "causation_id": None})
    encoded = codec().encode(resident(), {"correlation_id": "c", "actor": "resident:1"})
    assert encoded.metadata == {"correlation_id": "c", "causation_id": None, "actor": "resident:1"}


def test_an_undeclared_event_cannot_be_encoded() -> None:
    with pytest.raises(UnknownEventType):
        codec().encode(ResidentRegisteredV1(uuid.uuid4(), "a@example.org", "A", WHEN), meta())


def test_an_unknown_type_or_version_cannot_be_decoded() -> None:
    c = codec()
    stored = recorded(c, resident())
    with pytest.raises(UnknownEventType, match="newer"):
        c.decode(replace(stored, schema_version=4))
    with pytest.raises(UnknownEventType, match=r"identity\.ResidentMoved"):
        c.decode(replace(stored, type="identity.ResidentMoved"))


def test_a_version_1_event_is_upcast_to_the_latest_dataclass() -> None:
    keyring = MemoryKeyring()
    past = Registry(
        [
            declare(
                "identity.ResidentRegistered",
                1,
                ResidentRegisteredV1,
                ResidentRegisteredV1Schema,
                subject="resident_id",
            )
        ]
    )
    old = ResidentRegisteredV1(uuid.uuid4(), "ada@example.org", "Ada Lovelace", WHEN)
    stored = recorded(Codec(past, keyring, PSEUDONYM_KEY), old)
    assert stored.schema_version == 1
    decoded = codec(keyring).decode(stored)
    assert decoded.event == ResidentRegistered(old.resident_id, old.email, "Ada Lovelace", WHEN)
    keyring.erase(str(old.resident_id))
    assert codec(keyring).decode(stored).event.display_name is ERASED


def test_stored_data_its_schema_no_longer_accepts_is_refused_without_quoting_it() -> None:
    class LaxV1Schema(Schema):
        resident_id = fields.UUID(required=True)
        email = pii(fields.String(required=True))
        name = pii(fields.String(required=True))
        registered_at = fields.AwareDateTime(required=True)

    keyring = MemoryKeyring()
    past = Registry(
        [
            declare(
                "identity.ResidentRegistered", 1, ResidentRegisteredV1, LaxV1Schema, "resident_id"
            )
        ]
    )
    old = ResidentRegisteredV1(uuid.uuid4(), "ada-at-example.org", "Ada", WHEN)
    stored = recorded(Codec(past, keyring, PSEUDONYM_KEY), old)
    with pytest.raises(InvalidEventData, match="email") as caught:
        codec(keyring).decode(stored)
    assert "ada-at-example.org" not in str(caught.value) + repr(caught.value.errors)


def test_an_erased_subject_reads_back_as_erased() -> None:
    c, event, stored = erased_after_recording()
    decoded = c.decode(stored)
    assert is_erased(decoded.event.email) and is_erased(decoded.event.display_name)
    assert decoded.event.resident_id == event.resident_id
    assert decoded.event.registered_at == WHEN
    assert decoded.erased == {"email", "display_name"}


def test_no_new_personal_data_is_accepted_for_an_erased_subject() -> None:
    keyring = MemoryKeyring()
    event = resident(email="ada@example.org")
    keyring.erase(str(event.resident_id))
    with pytest.raises(SubjectErased) as caught:
        codec(keyring).encode(event, meta())
    assert "ada@example.org" not in str(caught.value)
    erased = ResidentErased(event.resident_id, WHEN)
    assert codec(keyring).encode(erased, meta()).data["resident_id"] == str(event.resident_id)


def test_each_person_of_a_two_person_event_has_their_own_key() -> None:
    keyring = MemoryKeyring()
    c = codec(keyring)
    lent = ThingLent(uuid.uuid4(), uuid.uuid4(), "ring twice", "+33 6 12", {"drill": [1, 2]})
    stored = recorded(c, lent)
    assert c.decode(stored).event == lent
    keyring.erase(str(lent.borrower_id))
    decoded = c.decode(stored).event
    assert decoded.borrower_phone is ERASED
    assert decoded.lender_note == "ring twice" and decoded.details == {"drill": [1, 2]}


def test_a_ciphertext_moved_to_another_field_or_altered_is_refused() -> None:
    c = codec()
    stored = recorded(c, resident())
    swapped = {**stored.data, "email": stored.data["display_name"]}
    with pytest.raises(UnreadablePersonalData):
        c.decode(replace(stored, data=swapped))
    blob = bytearray(base64.b64decode(stored.data["email"][MARKER]))
    blob[-1] ^= 1
    altered = {**stored.data, "email": {MARKER: base64.b64encode(blob).decode()}}
    with pytest.raises(UnreadablePersonalData, match="fails authentication"):
        c.decode(replace(stored, data=altered))
    with pytest.raises(UnreadablePersonalData, match="not sealed"):
        c.decode(replace(stored, data={**stored.data, "email": "ada@example.org"}))


def test_a_keyring_that_never_knew_the_subject_is_an_error_not_an_erasure() -> None:
    stored = recorded(codec(), resident())
    with pytest.raises(UnreadablePersonalData, match="never erased"):
        codec(MemoryKeyring()).decode(stored)


def test_analysts_get_stable_pseudonyms_never_the_value_or_ciphertext() -> None:
    keyring = MemoryKeyring()
    c = codec(keyring)
    first = resident(email="ada@example.org")
    again = replace(first, display_name="Ada")
    other = replace(first, email="grace@example.org")
    views = [c.for_analytics(recorded(c, e)) for e in (first, again, other)]
    emails = [v["data"]["email"] for v in views]
    assert emails[0] == emails[1] != emails[2]
    assert views[0]["data"]["display_name"] != views[1]["data"]["display_name"]
    assert all(re.fullmatch(r"psn_[0-9a-f]{32}", e) for e in emails)
    text = json.dumps(views)
    assert "example.org" not in text and "Ada" not in text and MARKER not in text
    assert views[0]["data"]["resident_id"] == str(first.resident_id)
    assert views[0]["type"] == "identity.ResidentRegistered" and views[0]["schema_version"] == 3
    assert Codec(registry(), keyring, b"x" * 32).for_analytics(recorded(c, first)) != views[0]


def test_analysts_see_an_erased_value_as_erased() -> None:
    c, _, stored = erased_after_recording()
    view = c.for_analytics(stored)
    assert view["data"]["email"] == str(ERASED) and view["data"]["display_name"] == str(ERASED)
    assert json.loads(json.dumps(view))["data"]["email"] == "[erased]"


def test_the_pseudonym_key_must_be_long_enough() -> None:
    with pytest.raises(ValueError, match="32"):
        Codec(registry(), MemoryKeyring(), b"short")


PROPERTY_CODEC = codec()


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(min_size=1, max_size=100),
    local=st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,10}){0,2}", fullmatch=True),
)
def test_any_display_name_and_email_round_trip(name: str, local: str) -> None:
    event = resident(email=f"{local}@example.org", name=name)
    assert PROPERTY_CODEC.decode(recorded(PROPERTY_CODEC, event)).event == event


@settings(max_examples=60, deadline=None)
@given(note=st.text(), details=JSON_VALUES)
def test_any_json_personal_value_round_trips(note: str, details: Any) -> None:
    lent = ThingLent(uuid.uuid4(), uuid.uuid4(), note, "+33 6", details)
    assert PROPERTY_CODEC.decode(recorded(PROPERTY_CODEC, lent)).event == lent
