"""The neighbourhoods contracts: registered, personal data marked where a person is written
about, boundaries checked in shape by the schema."""

from __future__ import annotations

import uuid

import pytest

from contracts import InvalidEventData, Metadata, default_registry
from contracts.neighbourhoods.events import (
    CONTRACTS,
    MODERATION_EVENTS,
    BoundaryChanged,
    MembershipReserved,
)
from services.eventstore import NewEvent, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.unit.neighbourhoods import HOME, T0, minutes, ring, square


def test_every_neighbourhoods_contract_is_in_the_default_registry() -> None:
    registry = default_registry()
    for contract in CONTRACTS:
        assert contract.type in registry
    assert set(MODERATION_EVENTS) <= {c.type for c in CONTRACTS}


def test_only_free_text_about_a_person_is_personal_data_and_sealed_with_their_key() -> None:
    marked = {c.type: dict(c.latest.pii) for c in CONTRACTS if c.latest.pii}
    assert marked == {
        "neighbourhoods.MemberRemoved": {"reason": "resident_id"},
        "neighbourhoods.ModeratorDismissed": {"reason": "resident_id"},
        "neighbourhoods.RejoinApproved": {"reason": "resident_id"},
        "neighbourhoods.RejoinRequested": {"message": "resident_id"},
    }


def codec() -> Codec:
    return Codec(default_registry(), MemoryKeyring(), b"p" * 32)


@pytest.mark.parametrize(
    "boundary",
    [
        {"type": "Polygon", "coordinates": [ring(HOME, 500)[:-1]]},
        {"type": "Polygon", "coordinates": [[[200.0, 0.0], [1.0, 0.0], [1.0, 1.0], [200.0, 0.0]]]},
        {"type": "Point", "coordinates": [2.0, 48.0]},
        {"type": "Polygon", "coordinates": [ring(HOME, 500)], "bbox": [0, 0, 1, 1]},
    ],
)
def test_a_boundary_of_the_wrong_shape_is_never_stored(boundary: dict[str, object]) -> None:
    event = BoundaryChanged(uuid.uuid4(), boundary, 1.0, None, T0)
    with pytest.raises(InvalidEventData):
        codec().encode(event, Metadata.start("system:test"))


def test_a_boundary_reads_back_as_it_was_stored() -> None:
    c = codec()
    event = BoundaryChanged(uuid.uuid4(), square(), 1.0, "plus large", T0)
    encoded = c.encode(event, Metadata.start("resident:x"))
    assert encoded.data["boundary"] == square()


def test_a_reservation_of_version_1_reads_back_relying_on_an_unknown_verification() -> None:
    c = codec()
    rid, nid, join_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    v1 = {
        "resident_id": str(rid),
        "neighbourhood_id": str(nid),
        "join_id": str(join_id),
        "reserved_at": T0.isoformat(),
    }
    metadata = Metadata.start("system:test").to_dict()
    stored = NewEvent("neighbourhoods.MembershipReserved", v1, metadata, schema_version=1)
    store = connect("memory://")
    store.append(f"neighbourhoods.resident-{rid}", [stored])
    (recorded,) = store.read_stream(f"neighbourhoods.resident-{rid}")
    assert c.decode(recorded).event == MembershipReserved(rid, nid, join_id, T0, None)


def test_a_reservation_records_the_verification_it_relies_on() -> None:
    c = codec()
    event = MembershipReserved(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), T0, T0 - minutes(3))
    encoded = c.encode(event, Metadata.start("system:test"))
    assert encoded.schema_version == 2
    assert encoded.data["verified_at"] == (T0 - minutes(3)).isoformat()
