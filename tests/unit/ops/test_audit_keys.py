"""What an audit looks an event up by: a resident id wherever the readings have always found
one (the actor, the stream's id, any string of the data, however nested), and nothing else."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from services.eventstore import Position, RecordedEvent
from services.ops.audit_keys import causation_of, correlation_of, is_related, residents_of

IDS = [str(uuid.UUID(int=n)) for n in range(1, 5)]
texts = st.one_of(st.sampled_from(IDS), st.sampled_from([i.upper() for i in IDS]), st.text())
values = st.recursive(
    st.one_of(texts, st.integers(), st.none()),
    lambda inner: st.one_of(st.lists(inner), st.dictionaries(st.text(), inner)),
    max_leaves=8,
)


def recorded(stream_id: str, data: dict[str, Any], metadata: dict[str, Any]) -> RecordedEvent:
    return RecordedEvent(
        uuid.uuid4(),
        f"tests.thing-{stream_id}",
        0,
        Position((1,)),
        "tests.ThingHappened",
        1,
        data,
        metadata,
        datetime.now(UTC),
    )


def mentions(value: Any, rid: str) -> bool:
    """The rule the full scan applied before the index existed."""
    if isinstance(value, str):
        return value == rid
    if isinstance(value, dict):
        return any(mentions(v, rid) for v in value.values())
    if isinstance(value, list):
        return any(mentions(v, rid) for v in value)
    return False


@given(
    stream_id=st.sampled_from([*IDS, str(uuid.UUID(int=99))]),
    data=st.dictionaries(st.text(), values, max_size=4),
    actor=st.one_of(st.sampled_from([f"resident:{i}" for i in IDS]), texts, st.none()),
)
def test_an_event_concerns_exactly_the_residents_the_scan_found(
    stream_id: str, data: dict[str, Any], actor: Any
) -> None:
    event = recorded(stream_id, data, {"actor": actor})
    for rid in IDS:
        before = actor == f"resident:{rid}" or event.stream.endswith(rid) or mentions(data, rid)
        assert (rid in residents_of(event)) == before


def test_ids_that_are_not_strings_match_nothing() -> None:
    cause = recorded(IDS[0], {}, {})
    event = recorded(IDS[1], {}, {"correlation_id": 7, "causation_id": None})
    assert correlation_of(event) is None and causation_of(event) is None
    assert not is_related(event, {"7", "None"}, {str(cause.event_id), "None"})
    caused = recorded(IDS[1], {}, {"correlation_id": "c", "causation_id": str(cause.event_id)})
    assert is_related(caused, set(), {str(cause.event_id)})
    assert is_related(caused, {"c"}, set())
    assert is_related(cause, set(), {str(cause.event_id)})
