"""Reading the log back for a rebuild: converted data (contracts/trusted.py, Codec.trusting) is
what the validating load gives on every valid event of every registered contract, and a value
that does not convert is refused with the same error; a batch asks the keyring once."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from contracts import ERASED, InvalidEventData, UnreadablePersonalData, default_registry
from contracts.identity.events import ProfileChanged
from contracts.registry import SchemaVersion
from contracts.trusted import load_trusted
from contracts.validation import dump_valid, load_valid, loader
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.support.event_data import stored_data
from tests.unit.platform.test_codec import (
    PSEUDONYM_KEY,
    WHEN,
    ThingLent,
    ThingNamed,
    codec,
    recorded,
    registry,
    resident,
)

SPECS = [spec for contract in default_registry() for spec in contract.versions]
EXAMPLES = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def typed(loaded: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    # 1 == 1.0 == True: the types must agree as well as the values.
    return {name: (type(value), value) for name, value in loaded.items()}


def valid(data: st.DataObject, spec: SchemaVersion) -> dict[str, Any]:
    """Stored data of `spec`, some of its personal fields erased, that its schema accepts."""
    stored = data.draw(stored_data(spec))
    for name in data.draw(st.sets(st.sampled_from(sorted(spec.pii)))) if spec.pii else ():
        if name in stored:
            stored[name] = ERASED
    try:
        load_valid(spec, stored)
    except InvalidEventData:
        reject()
    return stored


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.label)
@EXAMPLES
@given(data=st.data())
def test_every_contract_reads_back_converted_as_it_does_validated(
    spec: SchemaVersion, data: st.DataObject
) -> None:
    stored = valid(data, spec)
    loaded, erased = load_valid(spec, stored)
    trusted, trusted_erased = load_trusted(spec, stored)
    assert typed(trusted) == typed(loaded)
    assert trusted_erased == erased


def spoiled(data: st.DataObject, spec: SchemaVersion, stored: dict[str, Any]) -> dict[str, Any]:
    """`stored` with one thing no conversion accepts: a value of another JSON type, a null
    where none is allowed, a required field missing, or a field the schema does not know."""
    fields = loader(spec.schema).load_fields
    readable = sorted(name for name, value in stored.items() if value is not ERASED)
    how = data.draw(st.sampled_from(["type", "null", "missing", "unknown"]))
    if how == "unknown" or not readable:
        return {**stored, "not_in_the_contract": 1}
    name = data.draw(st.sampled_from(readable))
    field = fields[name]
    if how == "null" and not field.allow_none:
        return {**stored, name: None}
    if how == "missing" and field.required:
        return {k: v for k, v in stored.items() if k != name}
    # A list is no text, id, time, number or mapping; a mapping is no list.
    return {**stored, name: {} if type(field).__name__ == "List" else []}


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.label)
@EXAMPLES
@given(data=st.data())
def test_a_value_that_does_not_convert_is_refused_with_the_same_error(
    spec: SchemaVersion, data: st.DataObject
) -> None:
    bad = spoiled(data, spec, valid(data, spec))
    with pytest.raises(InvalidEventData) as validated:
        load_valid(spec, bad)
    with pytest.raises(InvalidEventData) as converted:
        load_trusted(spec, bad)
    assert str(converted.value) == str(validated.value)
    assert converted.value.errors == validated.value.errors


def test_a_time_or_text_that_does_not_convert_is_refused_by_the_replay_codec_as_by_the_codec() -> (
    None
):
    spec = registry().contract("identity.ProfileChanged").latest
    changed = ProfileChanged(uuid.uuid4(), "Ada", None, "street", WHEN)
    for value in ("2026-03-01T09:30:00", "", 42, "yesterday"):
        data = {**dump_valid(spec, changed), "changed_at": value}
        with pytest.raises(InvalidEventData) as validated:
            load_valid(spec, data)
        with pytest.raises(InvalidEventData) as converted:
            load_trusted(spec, data)
        assert str(converted.value) == str(validated.value)
        assert "changed_at" in str(converted.value)
    c = codec()
    stored = recorded(c, ThingNamed(uuid.uuid4(), "drill"))
    tampered = replace(stored, data={**stored.data, "name": 42})
    with pytest.raises(InvalidEventData) as validated:
        c.decode(tampered)
    with pytest.raises(InvalidEventData) as converted:
        c.trusting().decode(tampered)
    assert str(converted.value) == str(validated.value) and "name" in str(converted.value)


def history(c: Codec) -> list[RecordedEvent]:
    first, second = resident(), resident(email="grace@example.org", name="Grace H.")
    lent = ThingLent(first.resident_id, second.resident_id, "ring", "+33 6 12", {"drill": [1]})
    changed = ProfileChanged(first.resident_id, "Ada", None, "street", WHEN)
    return [recorded(c, e) for e in (first, second, lent, changed)]


def test_the_replay_codec_decodes_each_event_and_a_batch_as_the_codec_does() -> None:
    keyring = MemoryKeyring()
    c = codec(keyring)
    events = history(c)
    keyring.erase(events[1].data["resident_id"])
    one_by_one = [c.decode(e) for e in events]
    assert one_by_one[1].erased == {"email", "display_name"}
    assert one_by_one[2].event.borrower_phone is ERASED
    assert [c.trusting().decode(e) for e in events] == one_by_one
    assert c.decode_all(events) == one_by_one
    assert c.trusting().decode_all(events) == one_by_one


class CountingKeyring(MemoryKeyring):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def get(self, subject: str) -> bytes | None:
        self.asked.append("get")
        return super().get(subject)

    def keys(self, subjects: Any) -> dict[str, bytes | None]:
        self.asked.append("keys")
        return super().keys(subjects)


def test_a_batch_asks_the_keyring_once_for_all_its_subjects() -> None:
    keyring = CountingKeyring()
    c = Codec(registry(), keyring, PSEUDONYM_KEY)
    events = history(c)
    keyring.asked.clear()
    c.decode_all(events)
    assert keyring.asked == ["keys"]
    keyring.asked.clear()
    c.decode(events[0])
    assert keyring.asked == ["get"]


def test_a_batch_names_a_subject_its_keyring_never_knew_as_decode_does() -> None:
    events = history(codec())
    stranger = codec(MemoryKeyring())
    with pytest.raises(UnreadablePersonalData, match="never erased") as alone:
        stranger.decode(events[0])
    with pytest.raises(UnreadablePersonalData, match="never erased") as batched:
        stranger.decode_all(events)
    assert str(batched.value) == str(alone.value)
