"""A resident's inbox stream gains a mark at every notification read, for good: its fold is
remembered between commands (docs/decisions/0072), so a mark reads what was recorded since the
last one, and a mark already made, here or by another process, is still not made twice."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from contracts import default_registry
from notifications.commands import MarkAllRead, MarkRead
from notifications.domain.inbox import INITIAL, evolve, inbox_stream
from notifications.handlers import NotificationHandlers
from services.eventstore import connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.support.collector import remembered, walked_from
from tests.support.stream_reads import CountedReads

MARKS = 30


def _handlers(store: Any) -> NotificationHandlers:
    codec = Codec(default_registry(), MemoryKeyring(), b"n" * 32)
    return NotificationHandlers(store, codec, lambda: datetime.now(UTC))


def _mark(h: NotificationHandlers, rid: uuid.UUID, nid: uuid.UUID) -> bool:
    return h.execute(MarkRead(uuid.uuid4(), rid, nid, datetime.now(UTC))).appended


def test_a_mark_reads_only_what_the_inbox_recorded_since_the_last_one() -> None:
    store, rid = CountedReads(lambda s: s.startswith("notifications.inbox-")), uuid.uuid4()
    h = _handlers(store)
    first = uuid.uuid4()
    assert _mark(h, rid, first)
    for _ in range(MARKS):
        _mark(h, rid, uuid.uuid4())
    del store.reads[:]
    assert _mark(h, rid, uuid.uuid4())
    assert not _mark(h, rid, first)  # read long ago: not marked twice
    assert store.reads and min(store.reads) >= MARKS
    assert len(store.read_stream(inbox_stream(rid))) == MARKS + 2


def test_a_mark_made_by_another_process_is_seen_and_all_read_starts_anew() -> None:
    store, rid, nid = connect("memory://"), uuid.uuid4(), uuid.uuid4()
    here, there = _handlers(store), _handlers(store)
    _mark(here, rid, uuid.uuid4())
    assert _mark(there, rid, nid)
    assert not _mark(here, rid, nid)
    here.execute(MarkAllRead(uuid.uuid4(), rid, datetime.now(UTC)))
    assert _mark(there, rid, nid)  # after "all read", a newer read of it is a mark of its own


def test_a_remembered_inbox_costs_the_collector_nothing_per_mark() -> None:
    # Remembered for as long as the process marks in it (0072), an inbox held every mark as a
    # UUID in a set, which the cycle collector walked at each full pass (0076).
    rid = uuid.uuid4()
    h = _handlers(connect("memory://"))
    for _ in range(5):
        _mark(h, rid, uuid.uuid4())
    few = walked_from(remembered(h, inbox_stream(rid), INITIAL, evolve))
    for _ in range(MARKS):
        _mark(h, rid, uuid.uuid4())
    fold = remembered(h, inbox_stream(rid), INITIAL, evolve)
    marks, walked = len(fold.state.read), walked_from(fold)
    assert marks >= MARKS and walked == few  # the fold reaches the last command but one
