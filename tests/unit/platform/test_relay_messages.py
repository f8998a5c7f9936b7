"""What the relay shares between messages: one encoding of an event's properties, one keyring
look-up for a batch's subjects, and a batch's frames joined before they are written (0047)."""

from __future__ import annotations

import collections
import json
import uuid
from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from pika.spec import BasicProperties

from contracts import Metadata, default_registry
from contracts.contexts import context_of
from contracts.identity.events import EmailClaimed, EmailReleased, ResidentRegistered
from identity.domain.email_claim import email_claim_stream
from services.eventstore import NO_STREAM, RecordedEvent, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from services.relay import AnalyticsStream
from services.relay.messages import _ENCODER, _json, batch_messages
from services.relay.pika_edge import coalesce
from tests.support.event_data import JSON_VALUES

WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
META = Metadata.start("system:tests")


class CountingKeyring(MemoryKeyring):
    def __init__(self) -> None:
        super().__init__()
        self.lookups: collections.Counter[str] = collections.Counter()

        self.calls = 0

    def get(self, subject: str) -> bytes | None:
        self.calls += 1
        self.lookups[subject] += 1
        return super().get(subject)

    def keys(self, subjects: Collection[str]) -> dict[str, bytes | None]:
        self.calls += 1
        self.lookups.update(subjects)
        return super().keys(subjects)


def recorded(codec: Codec, events: list[ResidentRegistered]) -> list[RecordedEvent]:
    store = connect("memory://")
    for event in events:
        encoded = codec.encode(event, Metadata.start("system:tests"))
        store.append(f"tests.thing-{uuid.uuid4()}", [encoded], NO_STREAM)
    return list(store.read_all(limit=None))


def test_an_events_two_messages_share_properties_encoded_once_as_pika_would() -> None:
    codec = Codec(default_registry(), MemoryKeyring(), b"k" * 32)
    [stored] = recorded(codec, [ResidentRegistered(uuid.uuid4(), "a@example.org", "Ada", WHEN)])
    event, analytics = batch_messages([stored], AnalyticsStream(codec))
    assert event.properties is analytics.properties
    plain = BasicProperties(**{k: v for k, v in vars(event.properties).items() if k != "_encoded"})
    first = event.properties.encode()
    first.insert(0, b"frame prefix")  # pika inserts into the list it is given
    assert event.properties.encode() == plain.encode()


def test_a_batch_asks_the_keyring_once_for_all_its_subjects_and_pseudonymises_alike() -> None:
    keyring = CountingKeyring()
    codec = Codec(default_registry(), keyring, b"k" * 32)
    ada = ResidentRegistered(uuid.uuid4(), "ada@example.org", "Ada", WHEN)
    grace = ResidentRegistered(uuid.uuid4(), "grace@example.org", "Grace", WHEN)
    batch = recorded(codec, [ada, replace(ada, display_name="Ada L."), grace, ada])
    keyring.lookups.clear()
    keyring.calls = 0
    messages = batch_messages(batch, AnalyticsStream(codec))
    assert keyring.lookups == {str(ada.resident_id): 1, str(grace.resident_id): 1}
    assert keyring.calls == 1
    alone = [codec.for_analytics(e) for e in batch]
    shared = [m.body for m in messages[1::2]]
    assert shared == [_json(view) for view in alone]


def test_an_event_goes_to_its_contexts_exchange_and_its_copy_alone_when_relayed_apart() -> None:
    codec = Codec(default_registry(), MemoryKeyring(), b"k" * 32)
    batch = recorded(codec, [ResidentRegistered(uuid.uuid4(), "a@example.org", "Ada", WHEN)])
    event, copy = batch_messages(batch, AnalyticsStream(codec))
    assert (event.exchange, event.routing_key) == ("identity.events", "ResidentRegistered")
    assert context_of("identity.ResidentRegistered") == context_of("identity.resident")
    # The analytics relay apart (0064): the same copy, and no message for the services.
    assert batch_messages(batch, AnalyticsStream(codec), events=False) == [copy]


def test_each_message_names_the_log_its_position_belongs_to_when_the_store_names_it() -> None:
    codec = Codec(default_registry(), MemoryKeyring(), b"k" * 32)
    batch = recorded(codec, [ResidentRegistered(uuid.uuid4(), "a@example.org", "Ada", WHEN)])
    named = batch_messages(batch, AnalyticsStream(codec), log="0123456789abcdef")
    for message in named:
        assert message.properties.headers["log"] == "0123456789abcdef"
        assert message.properties.headers["position"] == str(batch[0].position)
    assert all("log" not in m.properties.headers for m in batch_messages(batch, None))


def test_a_batchs_frames_are_joined_in_order_into_few_buffers() -> None:
    frames = [bytes([i % 251]) * (100 + i % 400) for i in range(3000)]
    transport = SimpleNamespace(_tx_buffers=collections.deque(frames))
    coalesce(transport)
    assert b"".join(transport._tx_buffers) == b"".join(frames)
    assert len(transport._tx_buffers) <= len(b"".join(frames)) // (1 << 17) + 1


def test_frames_are_left_alone_where_pika_keeps_no_such_queue() -> None:
    transport = SimpleNamespace(_tx_buffers=[b"a", b"b"])
    coalesce(transport)
    coalesce(None)
    assert transport._tx_buffers == [b"a", b"b"]


@given(st.dictionaries(st.text(), JSON_VALUES, max_size=6))
def test_a_message_body_is_the_json_the_encoder_writes(body: dict[str, object]) -> None:
    # orjson where it can (integers of 64 bits and less), json beyond: the same values, and the
    # same bytes but for how some floats write their exponent (5.9e-8 against 5.9e-08).
    written = _json(body)
    assert json.loads(written) == body
    if not has_float(body):
        assert written == _ENCODER.encode(body).encode()


def has_float(value: object) -> bool:
    if isinstance(value, dict):
        return any(has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(has_float(v) for v in value)
    return isinstance(value, float)


def test_an_integer_orjson_refuses_is_written_all_the_same() -> None:
    assert _json({"n": 2**70, "s": "é"}) == f'{{"n":{2**70},"s":"é"}}'.encode()


def test_a_stream_named_after_an_email_address_reaches_analysts_pseudonymised() -> None:
    codec = Codec(default_registry(), MemoryKeyring(), b"k" * 32)
    store = connect("memory://")
    ada, grace = uuid.uuid4(), uuid.uuid4()
    claim = email_claim_stream("ada@example.org")
    for resident, address in ((ada, "ada@example.org"), (grace, "grace@example.org")):
        claimed = EmailClaimed(resident, address, WHEN)
        store.append(email_claim_stream(address), [codec.encode(claimed, META)], NO_STREAM)
    released = codec.encode(EmailReleased(ada, WHEN), META)
    store.append(claim, [released], 0)
    store.append(f"identity.resident-{ada}", [codec.encode(ResidentRegistered(
        ada, "ada@example.org", "Ada", WHEN), META)], NO_STREAM)  # fmt: skip
    events = list(store.read_all(limit=None))
    unreadable = replace(events[0], schema_version=99)  # no contract reads it: the other path
    bodies = [json.loads(m.body) for m in batch_messages([*events, unreadable],
              AnalyticsStream(codec))[1::2]]  # fmt: skip
    streams = [b["stream"] for b in bodies]
    # Anyone can derive the claim's stream from the address; analysts get a pseudonym instead,
    # the same for every event of that stream, and of the same shape.
    assert claim not in json.dumps(bodies)
    assert streams[0] == streams[2] == streams[4] != streams[1]
    assert all(s.startswith("identity.email-") and uuid.UUID(s[15:]) for s in streams[:3])
    assert bodies[4]["unreadable"] and streams[3] == f"identity.resident-{ada}"
