"""A rebuild's decode (services/eventstore/rebuild_decode.py, `Codec.trusting().decode_all`)
yields exactly the events the codec's own decode yields, values and types, for every version
of every registered contract with personal values sealed and some subjects erased; and events
it declines (tampered, unknown, of a subject it holds no key for) fail as they always did."""

from __future__ import annotations

import uuid
from dataclasses import fields, replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from contracts import ERASED, InvalidEventData, UnreadablePersonalData, default_registry
from contracts.registry import SchemaVersion
from contracts.validation import load_valid
from services.eventstore import Position, RecordedEvent
from services.eventstore.codec import Codec, DecodedEvent
from services.eventstore.keyring import MemoryKeyring
from services.eventstore.sealing import aad, seal
from tests.support.event_data import stored_data
from tests.unit.platform.test_codec import PSEUDONYM_KEY, ThingNamed, codec, recorded

SPECS = [spec for contract in default_registry() for spec in contract.versions]
EXAMPLES = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
META = {"correlation_id": "c-1", "causation_id": None, "actor": "system:tests"}


def stored(spec: SchemaVersion, data: dict[str, Any], keyring: MemoryKeyring) -> RecordedEvent:
    """`data` as the log holds it: each personal value sealed under its subject's key."""
    sealed = dict(data)
    for name, owner in spec.pii.items():
        if name in sealed:
            subject = str(sealed[owner])
            key = keyring.key_for(subject)
            sealed[name] = seal(key, aad(spec.type, name, subject), sealed[name])
    return RecordedEvent(
        uuid.uuid4(), "tests.thing-1", 0, Position((1,)), spec.type, spec.version, sealed,
        dict(META), datetime(2026, 3, 1, tzinfo=UTC),
    )  # fmt: skip


def typed(decoded: DecodedEvent[Any]) -> list[tuple[str, type, Any]]:
    # 1 == 1.0 == True: the types must agree as well as the values.
    event = decoded.event
    return [(f.name, type(getattr(event, f.name)), getattr(event, f.name)) for f in fields(event)]


def same(c: Codec, events: list[RecordedEvent]) -> list[DecodedEvent[Any]]:
    general = c.decode_all(events)
    rebuilt = c.trusting().decode_all(events)
    assert rebuilt == general
    assert [typed(d) for d in rebuilt] == [typed(d) for d in general]
    assert [type(d.event) for d in rebuilt] == [type(d.event) for d in general]
    return rebuilt


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.label)
@EXAMPLES
@given(data=st.data())
def test_every_contract_decodes_for_a_rebuild_as_the_codec_decodes_it(
    spec: SchemaVersion, data: st.DataObject
) -> None:
    clear = data.draw(stored_data(spec))
    try:
        load_valid(spec, clear)
    except InvalidEventData:
        reject()
    subjects = sorted({str(clear[owner]) for name, owner in spec.pii.items() if name in clear})
    if any(not s or len(s) > 100 for s in subjects):
        reject()
    keyring = MemoryKeyring()
    c = Codec(default_registry(), keyring, PSEUDONYM_KEY)
    first, again = stored(spec, clear, keyring), stored(spec, clear, keyring)
    for subject in data.draw(st.sets(st.sampled_from(subjects))) if subjects else ():
        keyring.erase(subject)
    decoded = same(c, [first, again])
    assert decoded[0].event == decoded[1].event


def a_registration(keyring: MemoryKeyring) -> RecordedEvent:
    spec = default_registry().contract("identity.ResidentRegistered").latest
    rid = str(uuid.uuid4())
    data = {"resident_id": rid, "email": "ada@example.org", "display_name": 'Ada "L." é',
            "registered_at": "2026-03-01T09:30:00+00:00", "language": "fr"}  # fmt: skip
    return stored(spec, data, keyring)


def test_an_erased_resident_reads_back_erased_in_a_rebuild_as_elsewhere() -> None:
    keyring = MemoryKeyring()
    c = Codec(default_registry(), keyring, PSEUDONYM_KEY)
    kept, gone = a_registration(keyring), a_registration(keyring)
    keyring.erase(gone.data["resident_id"])
    decoded = same(c, [kept, gone, kept])
    assert decoded[0].event.display_name == 'Ada "L." é'
    assert decoded[1].event.display_name is ERASED
    assert decoded[1].erased == {"email", "display_name"}


def failure(c: Codec, events: list[RecordedEvent]) -> tuple[type, str]:
    with pytest.raises(Exception) as general:
        c.decode_all(events)
    with pytest.raises(Exception) as rebuilt:
        c.trusting().decode_all(events)
    assert type(rebuilt.value) is type(general.value)
    assert str(rebuilt.value) == str(general.value)
    return type(general.value), str(general.value)


def test_what_a_rebuild_declines_fails_as_the_codec_fails() -> None:
    keyring = MemoryKeyring()
    c = Codec(default_registry(), keyring, PSEUDONYM_KEY)
    good = a_registration(keyring)
    other = a_registration(keyring)
    moved = {**good.data, "email": other.data["email"]}  # sealed for someone else
    unsealed = {**good.data, "email": "ada@example.org"}
    sealed_elsewhere = {**good.data, "registered_at": other.data["email"]}
    assert failure(c, [good, replace(good, data=moved)])[0] is UnreadablePersonalData
    assert failure(c, [replace(good, data=unsealed)])[0] is UnreadablePersonalData
    assert failure(c, [replace(good, data=sealed_elsewhere)])[0] is UnreadablePersonalData
    assert failure(c, [replace(good, data={**good.data, "extra": 1})])[0] is InvalidEventData
    assert failure(c, [good, replace(good, data={**good.data, "registered_at": 3})])[0] is (
        InvalidEventData
    )
    stranger = Codec(default_registry(), MemoryKeyring(), PSEUDONYM_KEY)
    assert "never erased" in failure(stranger, [good])[1]
    assert failure(c, [replace(good, schema_version=True)])[0] is not None
    assert failure(c, [replace(good, metadata={"actor": ""})])[0] is InvalidEventData


def test_old_versions_and_contracts_outside_the_plan_decode_as_the_codec_decodes() -> None:
    c = codec()
    named = recorded(c, ThingNamed(uuid.uuid4(), "drill"))
    same(c, [named, named])
