"""A conversation's stream gains every message, for good: its fold is remembered between
commands (docs/decisions/0072), so a message reads what was written since the last one. The
state keeps no one's words: an ending's reason (sealed with its author's key) is not in it,
only whether a block ended the connection."""

from __future__ import annotations

import dataclasses

import pytest

from contracts import default_registry
from contracts.matching.events import ConnectionEnded
from matching.domain import errors
from matching.domain.connection import INITIAL, connection_stream, evolve
from matching.handlers import MatchingHandlers
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.support.stream_reads import CountedReads
from tests.unit.matching.connections_kit import ADA, BOB, CID, T0, end, made, make, minutes, post

MESSAGES = 30


def test_a_message_reads_only_what_was_written_since_the_last_one() -> None:
    store = CountedReads(lambda stream: stream == connection_stream(CID))
    codec = Codec(default_registry(), MemoryKeyring(), b"m" * 32)
    h = MatchingHandlers(store, codec, lambda: T0)  # type: ignore[arg-type]
    h.act(make(), None)
    for n in range(MESSAGES):
        h.act(post((ADA, BOB)[n % 2], f"Message {n}", T0 + minutes(10 * n)), None)
    del store.reads[:]
    h.connection(CID)
    h.act(post(ADA, "Encore un", T0 + minutes(10 * MESSAGES)), ADA)
    assert store.reads and min(store.reads) >= MESSAGES
    assert len(store.read_stream(connection_stream(CID))) == MESSAGES + 2
    other = MatchingHandlers(store, codec, lambda: T0)  # type: ignore[arg-type]
    other.act(end(BOB), BOB)  # another process ends it
    with pytest.raises(errors.ConnectionEnded):
        h.act(post(ADA, "Et encore", T0 + minutes(10 * MESSAGES + 20)), ADA)


def test_the_state_keeps_whether_a_block_ended_it_and_no_reason_written() -> None:
    written = evolve(evolve(INITIAL, made()), ConnectionEnded(CID, ADA, (ADA, BOB), T0, "Merci"))
    assert not written.is_open and not written.blocked
    assert "Merci" not in repr(dataclasses.asdict(written))
    blocked = ConnectionEnded(CID, ADA, (ADA, BOB), T0, None, blocked=True)
    assert evolve(evolve(INITIAL, made()), blocked).blocked
    typed = ConnectionEnded(CID, ADA, (ADA, BOB), T0, "blocked")
    assert not evolve(evolve(INITIAL, made()), typed).blocked
