"""The tamper-evidence benchmark's baseline (bench/_unchained.py) runs on the store's current
append path: with it, every kind of append still works on each adapter and stores no hash, and
undoing it gives the next store its hashes back. A quick run of bench/ledger.py would take
minutes; this takes a second."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.eventstore import ANY, NO_STREAM, AppendResult, NewEvent, connect
from services.eventstore.grouping import append_group

sys.path.append(str(Path(__file__).resolve().parents[3] / "bench"))

import _unchained


def _event() -> NewEvent:
    meta = {"correlation_id": str(uuid.uuid4()), "causation_id": None, "actor": "system:test"}
    return NewEvent("bench.ThingHappened", {"n": 1}, meta)


def _stream() -> str:
    return f"bench.thing-{uuid.uuid4()}"


@pytest.fixture
def unchained() -> Iterator[None]:
    undo = _unchained.unchain()
    try:
        yield
    finally:
        undo()


def test_the_unchained_store_appends_every_kind_of_append_without_hashes(
    unchained: None, event_store_url: str
) -> None:
    store: Any = connect(event_store_url)  # the adapters' own stored()
    try:
        one, many = _stream(), _stream()
        first = [_event()]
        assert store.append(one, first, NO_STREAM).version == 0
        assert store.append(one, [_event(), _event()], 0).version == 2
        assert store.append(one, [_event()], ANY).version == 3
        assert store.append(one, first, NO_STREAM).version == 0  # a repeat answers the first
        settled = append_group(
            store, [(many, [_event(), _event()], NO_STREAM), (_stream(), [_event()], NO_STREAM),
                    (one, [_event()], 3), (one, [_event()], 3)],
        )  # fmt: skip
        assert [getattr(s, "version", None) for s in settled[:3]] == [1, 0, 4]
        assert not isinstance(settled[3], AppendResult)  # the second claim of version 4
        assert [e.version for e in store.read_stream(one)] == [0, 1, 2, 3, 4]
        assert {r.hash for r in store.stored()} == {None}
    finally:
        store.close()


def test_undoing_it_gives_stores_opened_after_their_hashes_back(event_store_url: str) -> None:
    _unchained.unchain()()
    store: Any = connect(event_store_url)  # the adapters' own stored()
    try:
        store.append(_stream(), [_event()], NO_STREAM)
        store.append(_stream(), [_event()], ANY)
        assert None not in {r.hash for r in store.stored()}
    finally:
        store.close()
