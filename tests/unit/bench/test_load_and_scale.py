"""The load benchmark's mix adds up and names what the locustfile sends; the scale benchmark's
generated log is real: every row decodes with the contracts through the codec (stamped
residents' personal data as erased, as after an erasure) and every stream's hashes chain as
`append` chains them."""

from __future__ import annotations

import json
import os
import re
import sys
import uuid
from collections import defaultdict
from pathlib import Path

import pytest

from contracts import default_registry
from contracts.pii import is_erased
from services.eventstore.codec import Codec
from services.eventstore.keyring import connect_keyring
from services.eventstore.ledger import ZERO, chain, digest
from services.eventstore.model import RecordedEvent

BENCH = Path(__file__).resolve().parents[3] / "bench"
sys.path[:0] = [str(BENCH / "load"), str(BENCH / "scale")]
sys.path.append(str(BENCH))

import mix  # noqa: E402
from events import PER_RESIDENT, Town, rows  # noqa: E402


def test_the_mix_adds_up_to_ninety_percent_reads_and_is_what_the_locustfile_sends() -> None:
    assert sum(weight for weight, _ in mix.MIX.values()) == 100
    assert abs(mix.read_share() - 0.9) < 0.005
    tasks = re.findall(r'@weight\("([^"]+)"\)', (BENCH / "load" / "locustfile.py").read_text())
    assert sorted(tasks) == sorted(mix.MIX)
    # Ten real members posting at the top crisis rate send 32 listings a month.
    assert mix.members_equivalent(32 / mix.SECONDS_PER_MONTH) == 10


def test_a_step_names_its_failed_requests_by_operation_and_cause(tmp_path: Path) -> None:
    import run

    # What locust's --csv writes: each failure's error as its repr (locust.stats.StatsError).
    path = tmp_path / "step-10_failures.csv"
    path.write_text(
        "Method,Name,Error,Occurrences,First Seen,Last Seen\n"
        "POST,post,\"CatchResponseError('status 503 unavailable')\",4,,\n"
        "GET,board,\"ConnectionError('connection reset')\",1,,\n"
    )
    assert run.read_failures(path) == {
        "post: status 503 unavailable": 4,
        "board: ConnectionError('connection reset')": 1,
    }
    assert run.read_failures(tmp_path / "none_failures.csv") == {}


def test_the_load_finds_a_running_cluster_from_its_topology(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import run

    monkeypatch.setenv("QUARTIER_CLUSTER_DIR", "/tmp/a-cluster")
    monkeypatch.setenv("QUARTIER_CLUSTER_PORT_BASE", "27000")
    args = run.parse_args(["--cluster"])
    assert args.host == "http://127.0.0.1:27800"
    assert args.event_store.endswith(":27432/quartier?schema=cluster_events")
    assert args.read_models.endswith(":27432/quartier?schema=cluster_read_listings")
    assert args.data_dir == Path("/tmp/a-cluster/var")


def test_the_generated_log_decodes_with_the_contracts_and_its_hashes_chain() -> None:
    keyring = connect_keyring("memory://")
    codec = Codec(default_registry(), keyring, os.urandom(32))
    places = [str(uuid.uuid4()) for _ in range(3)]
    town = Town(codec, keyring, places, modelled=2)
    made = list(rows(town, 6 * PER_RESIDENT))
    assert len(made) == len(places) + 6 * PER_RESIDENT
    streams: dict[str, list[tuple[int, bytes, bytes]]] = defaultdict(list)
    types = set()
    for n, (event_id, stream, _, version, type_, sv, data, meta, at, hashed) in enumerate(made):
        recorded = RecordedEvent(
            uuid.UUID(str(event_id)), stream, version, n, type_, sv, json.loads(data),
            json.loads(meta), at,
        )  # fmt: skip
        decoded = codec.decode(recorded)
        types.add(type(decoded.event).__name__)
        if type_ == "identity.ResidentRegistered":
            assert is_erased(decoded.event.display_name)  # stamped: no key, erased
        streams[stream].append(
            (version, hashed, digest(event_id, stream, type_, sv, data, meta, at))
        )
    assert types == {
        "NeighbourhoodCreated", "ResidentRegistered", "MemberJoined", "ListingPublished",
        "ResponseSent", "ListingClosed",
    }  # fmt: skip
    for stream, links in streams.items():
        assert [v for v, _, _ in links] == list(range(len(links))), stream
        assert [h for _, h, _ in links] == chain(ZERO, [d for _, _, d in links])


def test_the_latency_observer_wakes_on_a_commit_and_only_then(tmp_path: Path) -> None:
    import sqlite3

    from _wal_watch import WalWatch

    database = tmp_path / "read.db"
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (x)")
    watch = WalWatch(database)
    try:
        assert watch.wait(0.01) is False, "nothing written since the watch began"
        writer.execute("INSERT INTO t VALUES (1)")
        assert watch.wait(30) is True
        assert watch.wait(0.01) is False, "each commit wakes once"
        writer.close()  # the last connection removes the log; a new one makes it again
        assert not (tmp_path / "read.db-wal").exists()
        assert watch.wait(0.01) is False, "the old log's watch ends; no log yet"
        writer = sqlite3.connect(database, isolation_level=None)
        writer.execute("INSERT INTO t VALUES (2)")
        assert watch.wait(30) is True, "a new log: what it holds came unwatched"
        assert watch.wait(0.01) is False
        writer.execute("INSERT INTO t VALUES (3)")
        assert watch.wait(30) is True, "the new log is watched"
    finally:
        watch.close()
        writer.close()


def test_the_scale_runs_full_boards_hold_their_listings_beside_the_logs(tmp_path: Path) -> None:
    import fill
    import listings_data
    import sqlalchemy as sa

    from services.subscriptions import connect_database

    engine = connect_database(f"sqlite:///{tmp_path}/read.db")
    places = listings_data.neighbourhood_ids(5)
    boards = listings_data.neighbourhood_ids(2, space=8)
    t, _, _ = fill.board(engine, 10, places, "x", (boards, 7))
    with engine.connect() as conn:
        p = t.places
        held = dict(
            conn.execute(
                sa.select(p.c.neighbourhood_id, sa.func.count()).group_by(p.c.neighbourhood_id)
            ).all()
        )
        listed = conn.execute(sa.select(sa.func.count(sa.distinct(t.listings.c.listing_id))))
        assert listed.scalar() == 10 + 2 * 7
    assert held == {**dict.fromkeys(places, 2), **dict.fromkeys(boards, 7)}
    engine.dispose()
