"""`export events` on SQLite and PostgreSQL: every chosen event, pseudonymised as on the
analytics stream, in each format; Parquet and CSV read back equal to JSONL."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from services.analytics.export import export_events
from services.analytics.selection import BadSelection, Selection, selection
from services.analytics.sources import Log
from services.eventstore import EventStoreUnavailable
from services.relay.messages import analytics_body

from .history import History


def exported(log: Log, tmp_path: Path, fmt: str, chosen: Selection | None = None) -> Path:
    path = tmp_path / f"events.{fmt}"
    export_events(log.store, log.codec, log.registry, chosen or Selection(), fmt, str(path))
    return path


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def as_envelope(row: dict[str, Any]) -> dict[str, Any]:
    """A tabular row back into the envelope it came from."""
    body = {
        "event_id": row["event_id"],
        "stream": row["stream"],
        "version": int(row["version"]),
        "position": row["position"],
        "type": row["type"],
        "schema_version": int(row["schema_version"]),
        "data": json.loads(row["data"]),
        "metadata": json.loads(row["metadata"]),
        "recorded_at": _iso(row["recorded_at"]),
    }
    if row["unreadable"]:
        body["unreadable"] = row["unreadable"]
    return body


def _iso(value: Any) -> str:
    return (
        value.isoformat()
        if isinstance(value, datetime)
        else datetime.fromisoformat(value).isoformat()
    )


def test_jsonl_holds_every_event_as_the_analytics_stream_carries_it(
    log: Log, history: History, tmp_path: Path
) -> None:
    got = lines(exported(log, tmp_path, "jsonl"))
    stream = [analytics_body(log.codec, e) for e in log.store.read_all(limit=None)]
    assert got == json.loads(json.dumps(stream))
    assert len(got) == history.count
    registered = next(e for e in got if e["type"] == "identity.ResidentRegistered")
    assert registered["data"]["email"].startswith("psn_")
    assert registered["data"]["display_name"].startswith("psn_")


def test_parquet_read_back_equals_jsonl(log: Log, history: History, tmp_path: Path) -> None:
    jsonl = lines(exported(log, tmp_path, "jsonl"))
    rows = pq.read_table(exported(log, tmp_path, "parquet")).to_pylist()
    assert [as_envelope(r) for r in rows] == jsonl


def test_csv_read_back_equals_jsonl(log: Log, history: History, tmp_path: Path) -> None:
    jsonl = lines(exported(log, tmp_path, "jsonl"))
    with exported(log, tmp_path, "csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [as_envelope(r) for r in rows] == jsonl


def test_parquet_flattens_the_scalar_fields_the_contracts_declare(
    log: Log, history: History, tmp_path: Path
) -> None:
    table = pq.read_table(exported(log, tmp_path, "parquet"))
    assert table.schema.field("recorded_at").type.tz == "UTC"
    assert table.schema.field("data.area_km2").type == "double"
    assert table.schema.field("data.members").type == "int64"
    assert "data.boundary" not in table.schema.names  # an object stays in data
    assert "data.neighbourhood_ids" not in table.schema.names
    rows = table.to_pylist()
    published = [r for r in rows if r["type"] == "listings.ListingPublished"]
    assert sorted(r["data.category"] for r in published) == ["barter", "loan"]
    assert all(r["data.title"].startswith("psn_") for r in published)
    assert all(r["metadata.actor"].startswith("resident:") for r in published)


def test_types_choose_event_types_and_whole_contexts(
    log: Log, history: History, tmp_path: Path
) -> None:
    chosen = selection(types="neighbourhoods,identity.AddressVerified")
    got = lines(exported(log, tmp_path, "jsonl", chosen))
    assert sorted({e["type"] for e in got}) == [
        "identity.AddressVerified",
        "neighbourhoods.NeighbourhoodCreated",
        "neighbourhoods.NeighbourhoodOpened",
    ]
    only = lines(exported(log, tmp_path, "jsonl", selection(types="listings.ResponseSent")))
    assert [e["type"] for e in only] == ["listings.ResponseSent"]


def test_the_window_keeps_what_was_recorded_between_from_and_to(
    log: Log, history: History, tmp_path: Path
) -> None:
    today = datetime.now(UTC).date()
    assert (
        len(lines(exported(log, tmp_path, "jsonl", selection(str(today), str(today)))))
        == history.count
    )
    before = selection(end="2020-01-01")
    assert lines(exported(log, tmp_path, "jsonl", before)) == []
    head = list(log.store.read_all(limit=None))[3].recorded_at
    later = lines(exported(log, tmp_path, "jsonl", selection(start=head.isoformat())))
    assert all(datetime.fromisoformat(e["recorded_at"]) >= head for e in later)


def test_an_event_no_contract_reads_goes_out_marked_unreadable_with_nothing_sealed(
    log: Log, history: History, tmp_path: Path
) -> None:
    [got] = lines(exported(log, tmp_path, "jsonl", selection(types="tests")))
    assert got["unreadable"] == "unknown event type"
    assert got["data"] == {"n": 1, "note": "[sealed]"}


@pytest.mark.parametrize(
    ("start", "end", "types"),
    [("2026-13-01", None, None), ("2026-02-01", "2026-01-01", None), (None, None, "Listings!")],
)
def test_a_wrong_option_is_refused_with_its_name(
    start: str | None, end: str | None, types: str | None
) -> None:
    with pytest.raises(BadSelection, match=r"--from|--to|--types"):
        selection(start, end, types)


KNOWN = {"listings.ListingPublished", "identity.AddressVerified"}


@pytest.mark.parametrize("types", ["listing", "listings.ListingPosted", "identity,neighbourhood"])
def test_a_misspelt_type_or_context_is_refused_not_exported_as_nothing(types: str) -> None:
    with pytest.raises(BadSelection, match=r"--types: no event type or context named .*identity"):
        selection(types=types, known=KNOWN)


def test_known_types_and_contexts_are_chosen() -> None:
    chosen = selection(types="listings,identity.AddressVerified", known=KNOWN)
    assert (chosen.types, chosen.contexts) == ({"identity.AddressVerified"}, {"listings"})


class FailingMidway:
    """A store whose connection drops after a few events."""

    def __init__(self, log: Log) -> None:
        self._store = log.store

    def read_all(self, **kwargs: Any) -> Iterator[Any]:
        for n, event in enumerate(self._store.read_all(**kwargs)):
            if n == 5:
                raise EventStoreUnavailable("the event store went away")
            yield event


def test_a_failed_export_leaves_no_file_behind(log: Log, history: History, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "events.parquet"
    with pytest.raises(EventStoreUnavailable):
        export_events(
            FailingMidway(log),  # type: ignore[arg-type]
            log.codec,
            log.registry,
            Selection(),
            "parquet",
            str(target),
        )
    assert list(out.iterdir()) == []
