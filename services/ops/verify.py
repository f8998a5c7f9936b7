"""`quartier verify`: the log's tamper evidence checked (services/eventstore/tamper.py).

    quartier verify [--full] [--json] [--actor NAME]

From the last checkpoint (`--full`: from the start, every checkpoint compared on the way), each
event's hash is recomputed from what is stored and chained over the one before it in its stream.
Exit 0 when intact, 3 naming the first event altered, removed, inserted or reordered. With
--actor, an intact run that reached new events signs a checkpoint there, recorded as the
operator's event `ops.CheckpointRecorded` (run it periodically, e.g. from cron).
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from contracts.ops.events import CheckpointRecorded, ledger_stream
from services.eventstore.ledger import Ledger
from services.eventstore.tamper import Verification, checkpoint, verify

from .identity_calls import operator_actor
from .opening import opened
from .progress import spinner

TAMPERED = 3


def register(commands: Any) -> None:
    parser = commands.add_parser("verify", help="check the log has not been tampered with")
    parser.add_argument(
        "--full", action="store_true", help="from the start, not the last checkpoint"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--actor", help="your operator handle: sign a checkpoint if intact")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    if args.actor:
        operator_actor(args.actor)  # a malformed handle is refused before anything is read
    with opened() as ops:
        store = ops.store
        if not hasattr(store, "stored"):
            raise ValueError(
                "this event store keeps its hashes in each event's metadata, but verify reads "
                "SQLite, PostgreSQL and memory stores only"
            )
        ledger: Ledger = store  # type: ignore[assignment]
        key = ops.checkpoint_key()
        with spinner(console, args.json, "{task.description}", "{task.completed} events") as bar:
            task = bar.add_task("verifying", total=None)
            result = verify(ledger, key, args.full, lambda n: bar.update(task, completed=n))
        made = None
        if args.actor:
            made = checkpoint(ledger, result, key, args.actor, datetime.now(UTC))
            if made is not None:
                ops.record(
                    ledger_stream(),
                    CheckpointRecorded(
                        made.sequence, made.position, made.events, made.log_hash.hex(), made.made_at
                    ),
                    args.actor,
                )
    shown = _shown(result, made)
    if args.json:
        print(json.dumps(shown, indent=2))
    else:
        _print(console, shown)
    return 0 if result.intact else TAMPERED


def _shown(result: Verification, made: Any) -> dict[str, Any]:
    problem = result.problem
    return {
        "intact": result.intact,
        "from_checkpoint": None if result.since is None else result.since.sequence,
        "checked": result.checked,
        "events": result.events,
        "reached": None if result.reached is None else str(result.reached),
        "checkpoints": result.checkpoints,
        "checkpoint_made": None if made is None else made.sequence,
        "problem": None if problem is None else {k: v for k, v in vars(problem).items()},
    }


def _print(console: Console, shown: dict[str, Any]) -> None:
    since = shown["from_checkpoint"]
    start = "the start" if since is None else f"checkpoint {since}"
    if shown["intact"]:
        console.print(
            f"log intact: {shown['checked']} event(s) checked from {start}, "
            f"{shown['events']} in all, up to position {shown['reached'] or '-'}"
        )
        if shown["checkpoint_made"]:
            console.print(f"checkpoint {shown['checkpoint_made']} signed")
        return
    problem = shown["problem"]
    console.print(f"TAMPERED: {problem['kind']}: {problem['detail']}", style="red", highlight=False)
    table = Table("stream", "version", "event", "position")
    table.add_row(
        problem["stream"] or "-",
        "-" if problem["version"] is None else str(problem["version"]),
        problem["event_id"] or "-",
        problem["position"] or "-",
    )
    console.print(table)
