"""Matching benchmark: listings published into neighbourhoods go through the proposals policy
(matching.policies.proposals: decode, index, candidates from the (neighbourhood, category,
kind, open) index, scoring, proposals appended by matching's real handlers), one publication at
a time, on an SQLite read model and a memory event store; against a brute-force scorer that,
for a sample of the same publications in the same run, scores every listing published before
it (the pure domain, no database at all).

    .venv/bin/python bench/matching_proposals.py           # 100,000 listings, 1,000 places
    .venv/bin/python bench/matching_proposals.py --listings 20000 --neighbourhoods 200
    .venv/bin/python bench/matching_proposals.py --quick               # smoke run, not recorded

Figures: proposals per second over the whole run; publication -> proposal latency (the event
appended, then the policy's batch committed with its proposals appended), p50 and p99; the
brute-force scorer's latency on the sampled publications, and the ratio.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

import _report  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from contracts import Metadata, default_registry  # noqa: E402
from contracts.listings.events import ListingPublished  # noqa: E402
from matching.commands import Settings  # noqa: E402
from matching.domain.listing import Home, Listing, listing_of  # noqa: E402
from matching.domain.proposals import propose  # noqa: E402
from matching.domain.scoring import RELATED  # noqa: E402
from matching.handlers import MatchingHandlers  # noqa: E402
from matching.policies import proposals  # noqa: E402
from matching.projections import index  # noqa: E402
from services.eventstore import ANY, connect  # noqa: E402
from services.eventstore.codec import Codec  # noqa: E402
from services.eventstore.keyring import MemoryKeyring  # noqa: E402
from services.subscriptions import SubscriptionRunner, connect_database  # noqa: E402

T0 = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
WORDS = {
    "service": ["jardinage", "pelouse", "haie", "bricolage", "étagère", "cours", "piano",
                "devoirs", "déménagement", "cartons", "couture", "ourlet", "chat", "chien"],
    "loan": ["perceuse", "escabeau", "remorque", "tondeuse", "scie", "ponceuse", "tente",
             "raclette", "appareil", "vélo"],
    "giveaway": ["livres", "jouets", "vêtements", "canapé", "chaise", "table", "plantes"],
}  # fmt: skip
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", ""]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def centre(n: int) -> tuple[float, float]:
    """Neighbourhoods on a grid about 5 km apart."""
    return 45.0 + (n // 40) * 0.045, 1.0 + (n % 40) * 0.065


def generate(count: int, places: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    found = []
    for n in range(count):
        nid = rng.randrange(places)
        lat, lon = centre(nid)
        category = rng.choices(["service", "loan", "transport", "giveaway"], [5, 3, 1.5, 1])[0]
        kind = "offer" if rng.random() < 0.5 else "request"
        home = (
            round(lat + rng.uniform(-0.004, 0.004), 3),
            round(lon + rng.uniform(-0.005, 0.005), 3),
        )
        if category == "transport":
            title, details = "Trajet", _trip(rng, lat, lon, kind)
        else:
            title = " ".join(rng.sample(WORDS[category], 2)) + " " + rng.choice(DAYS)
            details = {"tags": [], "paid": False} if category == "service" else {"item": title[:50]}
            if category == "giveaway":
                details = {"allocation": "first_come"}
        found.append({
            "listing_id": uuid.UUID(int=rng.getrandbits(128)),
            "author_id": uuid.UUID(int=rng.getrandbits(128)), "nid": uuid.UUID(int=nid + 1),
            "kind": kind, "category": category, "title": title.strip(),
            "details": details, "home": home, "at": T0 + timedelta(seconds=30 * n),
        })  # fmt: skip
    return found


def _trip(rng: random.Random, lat: float, lon: float, kind: str) -> dict[str, Any]:
    start = {"lat": lat + rng.uniform(-0.01, 0.01), "lon": lon + rng.uniform(-0.01, 0.01)}
    end = {"lat": lat + 0.04 + rng.uniform(-0.01, 0.01), "lon": lon + rng.uniform(-0.01, 0.01)}
    if kind == "offer":
        days = sorted(rng.sample(WEEKDAYS[:5], rng.randint(2, 5)), key=WEEKDAYS.index)
        return {"from": start, "to": end, "seats": 3, "weekly": {"days": days, "time": "08:00"}}
    day = T0 + timedelta(days=rng.randrange(7), minutes=rng.randrange(-60, 60))
    return {"from": start, "to": end, "seats": 1, "departure": day.isoformat()}


def as_listing(item: dict[str, Any]) -> Listing:
    return listing_of(
        item["listing_id"], item["author_id"], item["kind"], item["category"],
        frozenset({item["nid"]}), item["title"], "", item["details"], Home(*item["home"]),
    )  # fmt: skip


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def published(item: dict[str, Any]) -> ListingPublished:
    return ListingPublished(
        item["listing_id"], item["author_id"], [item["nid"]], item["kind"], item["category"],
        item["title"], "", item["details"], [], item["at"] + timedelta(days=30), item["at"],
    )  # fmt: skip


def prefill(engine: Any, t: Any, items: list[dict[str, Any]], homes: list[dict[str, Any]]) -> None:
    """The index as the policy leaves it after `items` (rows written in bulk, as the policy's
    own index.rows_of makes them), and the residents' homes as identity's events leave them."""
    listings, places = [], []
    for item in items:
        listing, placed = index.rows_of(published(item))
        listings.append(listing)
        places.extend(placed)
    residents = [
        {"resident_id": str(i["author_id"]), "display_name": None, "street": None,
         "latitude": i["home"][0], "longitude": i["home"][1], "erased": False, "stream_version": 0}
        for i in homes
    ]  # fmt: skip
    with engine.begin() as tx:
        for table, rows in ((t.listings, listings), (t.placed, places), (t.residents, residents)):
            for start in range(0, len(rows), 5_000):
                tx.execute(table.insert(), rows[start : start + 5_000])


def run(count: int, places: int, measured: int, sample_every: int, folder: Path) -> dict[str, Any]:
    items = generate(count, places)
    keyring = MemoryKeyring()
    codec = Codec(default_registry(), keyring, b"b" * 32)
    store = connect("memory://")
    handlers = MatchingHandlers(store, codec, lambda: datetime.now(UTC), Settings())
    engine = connect_database(f"sqlite:///{folder}/matching.db")
    runner = SubscriptionRunner(store, engine, proposals.proposals(codec, handlers), batch_size=50)
    runner.run_once()
    t = runner.tables()
    print(f"  filling the index with {count - measured:,} listings", flush=True)
    prefill(engine, t, items[: count - measured], homes=items)
    before = [as_listing(item) for item in items[: count - measured]]
    by_place: dict[tuple[Any, str, str], list[Listing]] = {}
    for listing in before:
        by_place.setdefault(_key(listing), []).append(listing)
    print(f"  publishing {measured:,} listings through the policy", flush=True)
    latencies: list[float] = []
    brute: list[float] = []
    indexed: list[float] = []
    started = time.perf_counter()
    for n, item in enumerate(items[count - measured :]):
        if n % sample_every == sample_every - 1:
            subject = as_listing(item)
            tick = time.perf_counter()
            scanned = propose(subject, before, Settings())
            brute.append(time.perf_counter() - tick)
            tick = time.perf_counter()
            looked_up = propose(subject, _candidates(by_place, subject), Settings())
            indexed.append(time.perf_counter() - tick)
            assert [p.match_id for p in scanned] == [p.match_id for p in looked_up]
        tick = time.perf_counter()
        metadata = Metadata.start(f"resident:{item['author_id']}", uuid.uuid4())
        stream = f"listings.listing-{item['listing_id']}"
        store.append(stream, [codec.encode(published(item), metadata)], expected_version=ANY)
        while runner.run_once():
            pass
        latencies.append(time.perf_counter() - tick)
        listing = as_listing(item)
        before.append(listing)
        by_place.setdefault(_key(listing), []).append(listing)
    elapsed = time.perf_counter() - started - sum(brute) - sum(indexed)
    proposed = sum(1 for e in store.read_all(limit=None) if e.type == "matching.MatchProposed")
    if not proposed:
        raise SystemExit("no proposal was made: the run measured nothing")
    return {
        "listings": count, "places": places, "measured": measured, "proposed": proposed,
        "seconds": elapsed, "per_second": proposed / elapsed, "p50": pct(latencies, 0.5),
        "p99": pct(latencies, 0.99), "brute_p50": pct(brute, 0.5), "brute_p99": pct(brute, 0.99),
        "brute_samples": len(brute), "brute_mean": statistics.fmean(brute),
        "mean": statistics.fmean(latencies), "scorer_p50": pct(indexed, 0.5),
        "scorer_p99": pct(indexed, 0.99), "scorer_mean": statistics.fmean(indexed),
    }  # fmt: skip


def _key(listing: Listing) -> tuple[Any, str, str]:
    (nid,) = listing.neighbourhood_ids
    return nid, listing.category, listing.kind


def _candidates(
    by_place: dict[tuple[Any, str, str], list[Listing]], subject: Listing
) -> list[Listing]:
    """The same lookup as the policy's (neighbourhood, category and related ones, other kind)."""
    (nid,) = subject.neighbourhood_ids
    other = "request" if subject.kind == "offer" else "offer"
    found: list[Listing] = []
    for category in (subject.category, *RELATED.get(subject.category, ())):
        found.extend(by_place.get((nid, category, other), ()))
    return found


def report(r: dict[str, Any], record: bool) -> None:
    rows = [
        ("policy: publication -> proposals appended", r["p50"], r["p99"], r["mean"]),
        (f"scorer over the index's candidates ({r['brute_samples']} samples)",
         r["scorer_p50"], r["scorer_p99"], r["scorer_mean"]),
        ("brute-force scorer over every earlier listing (same samples, baseline)",
         r["brute_p50"], r["brute_p99"], r["brute_mean"]),
    ]  # fmt: skip
    title = f"Matching: {r['listings']:,} listings in {r['places']:,} neighbourhoods"
    table = Table(title=title)
    for heading in ("path", "p50 ms", "p99 ms", "mean ms"):
        table.add_column(heading)
    for name, p50, p99, mean in rows:
        table.add_row(name, f"{p50 * 1000:.2f}", f"{p99 * 1000:.2f}", f"{mean * 1000:.2f}")
    console = Console()
    console.print(table)
    said = (
        f"The last {r['measured']:,} publications: {r['proposed']:,} proposals in "
        f"{r['seconds']:.1f} s, {r['per_second']:.0f} proposals/s, "
        f"{r['measured'] / r['seconds']:.0f} publications/s. Brute force / indexed scorer "
        f"(mean): {r['brute_mean'] / r['scorer_mean']:.0f}x; the same proposals from both"
    )
    console.print(said)
    if not record:
        return
    cpu = _report.cpu()
    lines = [
        f"\n## Matching proposals, {datetime.now(UTC):%a %b %d %H:%M:%S UTC %Y}\n",
        f"Machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.0f} at the end\n",
        f"Run: `bench/matching_proposals.py --listings {r['listings']} --neighbourhoods "
        f"{r['places']} --measured {r['measured']}`: the index filled with the first "
        f"{r['listings'] - r['measured']:,} listings, the last {r['measured']:,} published one "
        "at a time through the proposals policy (memory event store, SQLite read model on "
        "tmpfs); every sampled publication also scored against every earlier listing (the "
        "baseline) and against the index's candidates, in the same process.\n",
        "| path | p50 ms | p99 ms | mean ms |",
        "|---|---:|---:|---:|",
        *(f"| {n} | {a * 1000:.2f} | {b * 1000:.2f} | {c * 1000:.2f} |" for n, a, b, c in rows),
        f"\n{said}.\n",
    ]
    with (HERE / "RESULTS.md").open("a") as out:
        out.write("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--neighbourhoods", type=int, default=1_000)
    parser.add_argument("--measured", type=int, default=2_000)
    parser.add_argument("--sample-every", type=int, default=20)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    count, places = (3_000, 30) if args.quick else (args.listings, args.neighbourhoods)
    measured = 200 if args.quick else args.measured
    every = 10 if args.quick else args.sample_every
    # tmpfs when there is one: the read model is SQLite all the same, without the disk's fsync.
    with tempfile.TemporaryDirectory(
        dir="/dev/shm" if Path("/dev/shm").is_dir() else None
    ) as folder:
        result = run(count, places, measured, every, Path(folder))
    report(result, record=not args.quick)


if __name__ == "__main__":
    main()
