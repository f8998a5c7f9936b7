"""How long one full pass of CPython's cycle collector takes in a process holding remembered
neighbourhood folds (docs/decisions/0072, 0074), beside the same process holding nothing but
its frozen start (the baseline), in the same run.

    .venv/bin/python bench/collector_pauses.py                 # 30 and 130 neighbourhoods
    .venv/bin/python bench/collector_pauses.py --counts 10,50

Each neighbourhood has 3,000 members and its two indexes built, with the ids of its 3,000
events, as a fold that served a join holds it; 130 of them are about the folds' budget of
400,000 events. Each count is held twice: the event ids as the store keeps them (integers)
and as UUIDs, as it kept them before. A full pass holds every
request of its process. Not recorded by itself: its table goes into bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from neighbourhoods.domain.neighbourhood import INITIAL, Member, Neighbourhood, evolve
from services.eventstore.folds import Fold

MEMBERS = 3000


def full_pass_ms() -> float:
    """The best of three full collections, in milliseconds."""
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        gc.collect()
        best = min(best, time.perf_counter() - began)
    return best * 1000


def folded(count: int, ids_as_uuids: bool) -> list[Fold]:
    """`count` folds of neighbourhoods, each with the ids of its events (one join each): as
    the store keeps them (integers), or as UUIDs, as it kept them before."""
    now = datetime.now(UTC)
    kept = []
    for _ in range(count):
        members = tuple(Member(uuid.uuid4(), uuid.uuid4(), now) for _ in range(MEMBERS))
        state = Neighbourhood(neighbourhood_id=uuid.uuid4(), members=members)
        state.member(members[0].resident_id)  # both indexes built, as after a join
        state.live_join(members[0].join_id)
        events = [uuid.uuid4() for _ in range(MEMBERS)]
        ids = frozenset(events) if ids_as_uuids else frozenset(i.int for i in events)
        kept.append(Fold(INITIAL, evolve, state, MEMBERS - 1, str(MEMBERS), ids))
    return kept


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--counts", default="30,130", help="neighbourhoods held, per line")
    args = p.parse_args(argv)
    gc.collect()
    gc.freeze()
    print("| held | objects the collector tracks | full collection ms |")
    print("|---|---:|---:|")
    print(f"| nothing (start frozen, baseline) | 0 | {full_pass_ms():.1f} |")
    for count in (int(c) for c in args.counts.split(",")):
        for ids_as_uuids in (True, False):
            kept = folded(count, ids_as_uuids)
            tracked = len(gc.get_objects())
            ids = "UUIDs (before)" if ids_as_uuids else "integers"
            print(f"| {count} neighbourhoods ({count * MEMBERS:,} joins), event ids as {ids} "
                  f"| {tracked:,} | {full_pass_ms():.1f} |")  # fmt: skip
            del kept
            gc.collect()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
