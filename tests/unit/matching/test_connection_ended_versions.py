"""ConnectionEnded v2 says whether a block ended the connection in a field of its own; version 1
said it with the reason "blocked", which a resident could also type. Version 1 events stored
before read back as they were decided then (docs/decisions/0073)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from contracts import ERASED, Metadata, Registry, declare, default_registry
from contracts.matching.connections import BLOCKED, ConnectionEndedV1Schema
from contracts.matching.events import ConnectionEnded
from matching.domain.connection import INITIAL, evolve
from services.eventstore import NO_STREAM, RecordedEvent, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.unit.matching.connections_kit import ADA, BOB, CID, T0, made

PSEUDONYM_KEY = b"p" * 32


@dataclass(frozen=True)
class ConnectionEndedV1:
    connection_id: uuid.UUID
    ended_by: uuid.UUID
    resident_ids: tuple[uuid.UUID, uuid.UUID]
    ended_at: datetime
    reason: str | None = None


PAST = Registry(
    [declare("matching.ConnectionEnded", 1, ConnectionEndedV1, ConnectionEndedV1Schema, "ended_by")]
)


def stored_v1(keyring: MemoryKeyring, reason: str | None) -> RecordedEvent:
    store = connect("memory://")
    event = ConnectionEndedV1(CID, ADA, (ADA, BOB), T0, reason)
    encoded = Codec(PAST, keyring, PSEUDONYM_KEY).encode(event, Metadata.start("system:tests"))
    stream = f"matching.connection-{uuid.uuid4()}"
    store.append(stream, [encoded], expected_version=NO_STREAM)
    [recorded] = store.read_stream(stream)
    assert recorded.schema_version == 1
    return recorded


def read(keyring: MemoryKeyring, recorded: RecordedEvent) -> ConnectionEnded:
    event = Codec(default_registry(), keyring, PSEUDONYM_KEY).decode(recorded).event
    assert isinstance(event, ConnectionEnded)
    return replace(event, resident_ids=tuple(event.resident_ids))  # stored as a JSON list


def test_a_version_1_block_reads_back_as_a_block_with_no_reason() -> None:
    keyring = MemoryKeyring()
    event = read(keyring, stored_v1(keyring, BLOCKED))
    assert event == ConnectionEnded(CID, ADA, (ADA, BOB), T0, None, blocked=True)
    assert evolve(evolve(INITIAL, made()), event).blocked


def test_a_version_1_ending_with_words_or_none_is_no_block() -> None:
    keyring = MemoryKeyring()
    worded = read(keyring, stored_v1(keyring, "Prêt rendu"))
    assert (worded.reason, worded.blocked) == ("Prêt rendu", False)
    silent = read(keyring, stored_v1(keyring, None))
    assert (silent.reason, silent.blocked) == (None, False)


def test_an_erased_version_1_reason_stays_erased_and_is_no_block() -> None:
    keyring = MemoryKeyring()
    recorded = stored_v1(keyring, BLOCKED)
    keyring.erase(str(ADA))
    event = read(keyring, recorded)
    assert event.reason is ERASED and not event.blocked


def test_version_2_keeps_a_typed_blocked_apart_from_a_block() -> None:
    keyring = MemoryKeyring()
    codec = Codec(default_registry(), keyring, PSEUDONYM_KEY)
    store = connect("memory://")
    typed = ConnectionEnded(CID, ADA, (ADA, BOB), T0, BLOCKED)
    block = ConnectionEnded(CID, BOB, (ADA, BOB), T0, None, blocked=True)
    meta, stream = Metadata.start("system:tests"), f"matching.connection-{uuid.uuid4()}"
    store.append(stream, [codec.encode(e, meta) for e in (typed, block)])
    recorded = store.read_stream(stream)
    back = [codec.decode(r).event for r in recorded]
    assert [(e.reason, e.blocked) for e in back] == [(BLOCKED, False), (None, True)]
    assert [r.schema_version for r in recorded] == [2, 2]
    analysed = codec.for_analytics(recorded[1])
    assert analysed["data"]["blocked"] is True and analysed["schema_version"] == 2
