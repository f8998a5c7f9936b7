"""The per-event digests of the tamper-evidence chain (services/eventstore/ledger.py): `digests`,
which every adapter's appends hash through, gives byte for byte what `digest` gives, the stored
record's own recomputation, whatever the text of the event."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.eventstore.ledger import ZERO, chain, digest, digests, link
from services.eventstore.model import EncodedEvent

# Any text the codec could store: every code point but lone surrogates, which no JSON text
# encoded as UTF-8 holds.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
MOMENTS = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
EVENTS = st.builds(
    EncodedEvent,
    event_id=st.uuids(),
    type=TEXT,
    schema_version=st.integers(min_value=1, max_value=10**6),
    data=TEXT,
    metadata=TEXT,
)


@given(stream=TEXT, events=st.lists(EVENTS, max_size=5), moment=MOMENTS)
def test_digests_of_an_append_are_each_events_digest(
    stream: str, events: list[EncodedEvent], moment: datetime
) -> None:
    expected = [
        digest(e.event_id, stream, e.type, e.schema_version, e.data, e.metadata, moment)
        for e in events
    ]
    assert digests(stream, events, moment) == expected


def test_quotes_escapes_and_accents_are_hashed_as_json_writes_them() -> None:
    event = EncodedEvent(uuid.uuid4(), 'tests."Odd"\\Type', 2, '{"t":"é ☕\\n"}', "{}\x00\u2028")
    moment = datetime(2026, 12, 4, 12, 0, 0, 123456, tzinfo=UTC)
    stream = "tests.thing-ü"
    assert digests(stream, [event], moment) == [
        digest(event.event_id, stream, event.type, 2, event.data, event.metadata, moment)
    ]


def test_the_time_is_hashed_to_the_microsecond() -> None:
    event = EncodedEvent(uuid.uuid4(), "tests.Happened", 1, "{}", "{}")
    moment = datetime(2026, 12, 4, tzinfo=UTC)
    later = moment + timedelta(microseconds=1)
    assert digests("tests.s", [event], moment) != digests("tests.s", [event], later)


@given(previous=st.binary(min_size=32, max_size=32), events=st.lists(EVENTS, max_size=4))
def test_a_chain_links_each_digest_to_the_one_before(
    previous: bytes, events: list[EncodedEvent]
) -> None:
    found = digests("tests.s", events, datetime(2026, 12, 4, tzinfo=UTC))
    hashes = chain(previous, found)
    before = [previous, *hashes][: len(found)]
    assert hashes == [link(p, d) for p, d in zip(before, found, strict=True)]
    assert chain(ZERO, []) == []
