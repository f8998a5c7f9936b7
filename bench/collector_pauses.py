"""How long one full pass of CPython's cycle collector takes in a process holding remembered
neighbourhood folds (docs/decisions/0072, 0074, 0076), beside the same process holding nothing
but its frozen start (the baseline), in the same run.

    .venv/bin/python bench/collector_pauses.py                 # 30 and 130 neighbourhoods
    .venv/bin/python bench/collector_pauses.py --counts 10,50

Each neighbourhood has 3,000 members, as a fold that served a join holds it: the state folded
from 3,000 MemberJoined events with its two indexes built, and the ids of its events. 130 of
them are about the folds' budget of 400,000 events. Each count is held twice: as the store
keeps folds now (memberships and event ids as integers), and as it kept them before 0076 (a
Member and its two UUIDs per member, indexes from UUID to Member, event ids as UUIDs), made
here as they were made then. A full pass holds every request of its process. Not recorded by
itself: its table goes into bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import uuid
from datetime import UTC, datetime
from functools import reduce
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contracts.neighbourhoods.events import MemberJoined
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


def now_kept() -> Fold:
    """One neighbourhood's fold as the store keeps it now."""
    nid, at = uuid.uuid4(), datetime.now(UTC)
    joins = [MemberJoined(nid, uuid.uuid4(), uuid.uuid4(), at) for _ in range(MEMBERS)]
    state: Neighbourhood = reduce(evolve, joins, INITIAL)  # type: ignore[arg-type]
    state.member(joins[0].resident_id)  # both indexes built, as after a join
    state.live_join(joins[0].join_id)
    ids = dict.fromkeys(uuid.uuid4().int for _ in range(MEMBERS))
    return Fold(INITIAL, evolve, state, MEMBERS - 1, str(MEMBERS), ids)


def before_kept() -> Any:
    """One neighbourhood's fold as the store kept it before 0076: what the collector walked."""
    at = datetime.now(UTC)
    members = tuple(Member(uuid.uuid4(), uuid.uuid4(), at) for _ in range(MEMBERS))
    by_resident = {m.resident_id: m for m in members}
    by_join = {m.join_id: m for m in members}
    ids = frozenset(uuid.uuid4() for _ in range(MEMBERS))
    return (members, by_resident, by_join, ids)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--counts", default="30,130", help="neighbourhoods held, per line")
    args = p.parse_args(argv)
    gc.collect()
    gc.freeze()
    print("| held | objects the collector tracks | full collection ms |")
    print("|---|---:|---:|")
    print(f"| nothing (start frozen, baseline) | 0 | {full_pass_ms():.2f} |")
    for count in (int(c) for c in args.counts.split(",")):
        for label, make in (("as before 0076", before_kept), ("as kept now", now_kept)):
            kept = [make() for _ in range(count)]
            gc.collect()  # what a young pass does to the tuples it finds untracked
            tracked = len(gc.get_objects())
            print(f"| {count} neighbourhoods ({count * MEMBERS:,} joins), {label} "
                  f"| {tracked:,} | {full_pass_ms():.2f} |")  # fmt: skip
            del kept
            gc.collect()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
