"""`quartier verify`: an untouched log verifies, incrementally from its last signed checkpoint;
each kind of tampering made with SQL behind the store's back is named; crypto-shredding and
concurrent appends from several processes leave it intact."""

from __future__ import annotations

import json
import multiprocessing
import uuid
from typing import Any

import pytest

from contracts.ops.events import ledger_stream
from services.eventstore import NewEvent, connect
from services.ops.cli import main
from services.ops.opening import opened
from tests.contract.ops.kit import Stores, erase, register, rename


def three_streams(stores: Stores) -> list[str]:
    store = stores.store()
    streams = [f"tests.thing-{uuid.uuid4()}" for _ in range(3)]
    for n in range(3):
        for s in streams:
            store.append(s, [NewEvent("tests.ThingHappened", {"n": n})])
    store.close()
    return streams


def verified(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = main(["verify", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def event_id(stores: Stores, stream: str, version: int) -> str:
    store = stores.store()
    found = str(store.read_stream(stream)[version].event_id)
    store.close()
    return found


def test_an_intact_log_gets_a_signed_checkpoint_recorded_as_the_operators_event(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    three_streams(stores)
    code, shown = verified(capsys, "--actor", "li")
    assert code == 0 and shown["intact"] and shown["checked"] == 9
    assert shown["checkpoint_made"] == 1
    store = stores.store()
    [recorded] = store.read_stream(ledger_stream())
    assert recorded.metadata["actor"] == "system:ops.li"
    assert recorded.data["events"] == 9 and recorded.data["sequence"] == 1
    store.close()

    three_streams(stores)
    code, shown = verified(capsys, "--actor", "li")
    # Only what came after checkpoint 1: its own event and the nine new ones.
    assert (code, shown["from_checkpoint"], shown["checked"]) == (0, 1, 10)


def test_an_edited_row_is_named_even_behind_a_checkpoint_with_full(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    streams = three_streams(stores)
    assert verified(capsys, "--actor", "li")[0] == 0
    target = event_id(stores, streams[1], 1)
    stores.sql("UPDATE {events} SET data = '{{\"n\": 99}}' WHERE event_id = :id", id=target)

    assert verified(capsys)[0] == 0  # nothing new since the checkpoint
    code, shown = verified(capsys, "--full")
    assert code == 3
    assert shown["problem"]["kind"] == "altered"
    assert shown["problem"]["event_id"] == target


def test_a_deleted_row_is_named(stores: Stores, capsys: pytest.CaptureFixture[str]) -> None:
    streams = three_streams(stores)
    stores.sql("DELETE FROM {events} WHERE event_id = :id", id=event_id(stores, streams[0], 1))
    code, shown = verified(capsys)
    assert code == 3
    problem = shown["problem"]
    assert (problem["kind"], problem["stream"], problem["version"]) == ("removed", streams[0], 1)


def test_a_row_inserted_with_sql_is_named(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    streams = three_streams(stores)
    forged = str(uuid.uuid4())
    stores.sql(
        "INSERT INTO {events} (event_id, stream, category, version, type, schema_version,"
        " data, metadata, recorded_at)"
        " SELECT :id, stream, category, 3, type, schema_version, data, metadata, recorded_at"
        " FROM {events} WHERE stream = :stream AND version = 2",
        id=forged,
        stream=streams[2],
    )
    code, shown = verified(capsys)
    assert code == 3
    assert (shown["problem"]["kind"], shown["problem"]["event_id"]) == ("inserted", forged)


def test_two_swapped_rows_are_named(stores: Stores, capsys: pytest.CaptureFixture[str]) -> None:
    streams = three_streams(stores)
    first = event_id(stores, streams[1], 0)
    for old, new in ((0, -1), (1, 0), (-1, 1)):
        stores.sql(
            "UPDATE {events} SET version = :new WHERE stream = :s AND version = :old",
            new=new,
            old=old,
            s=streams[1],
        )
    code, shown = verified(capsys)
    assert code == 3
    assert (shown["problem"]["kind"], shown["problem"]["event_id"]) == ("reordered", first)


def test_a_row_removed_before_a_checkpoint_breaks_it(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    streams = three_streams(stores)
    assert verified(capsys, "--actor", "li")[0] == 0
    stores.sql("DELETE FROM {events} WHERE event_id = :id", id=event_id(stores, streams[2], 2))
    code, shown = verified(capsys, "--full")
    assert code == 3 and shown["problem"]["kind"] == "removed"


def test_the_log_verifies_after_a_resident_is_erased(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    with opened() as ops:
        resident = register(ops.store, ops.codec, "Amandine")
        rename(ops.store, ops.codec, resident, "Mandy")
    assert verified(capsys, "--actor", "li")[0] == 0
    with opened() as ops:
        erase(ops.store, ops.codec, ops.keyring, resident)
    code, shown = verified(capsys, "--full")
    assert code == 0 and shown["intact"] and shown["events"] == 4


def _append_concurrently(url: str, shared: str, writer: int) -> None:
    store = connect(url)
    own = f"tests.thing-{uuid.uuid4()}"
    for n in range(40):
        store.append(shared, [NewEvent("tests.ThingHappened", {"w": writer, "n": n})])
        store.append(own, [NewEvent("tests.ThingHappened", {"n": n}) for _ in range(2)])
    store.close()


def test_the_log_verifies_after_concurrent_appends_from_several_processes(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    if stores.kind != "postgres":
        pytest.skip("concurrent appenders are PostgreSQL's case; SQLite has one writer")
    shared = f"tests.thing-{uuid.uuid4()}"
    ctx = multiprocessing.get_context("spawn")
    writers = [
        ctx.Process(target=_append_concurrently, args=(stores.events_url, shared, w))
        for w in range(4)
    ]
    for p in writers:
        p.start()
    for p in writers:
        p.join(timeout=120)
        assert p.exitcode == 0
    code, shown = verified(capsys, "--full")
    assert code == 0 and shown["events"] == 4 * 40 * 3
