"""`quartier replay` and `quartier diff`: rebuild a read model from the log, compare two builds.

    quartier replay SERVICE READ_MODEL --actor NAME [--until TIME|POSITION] [--into NAME]
    quartier diff SERVICE/READ_MODEL[@BUILD] SERVICE/READ_MODEL[@BUILD] [--json]

`replay` builds into fresh tables from the start of the log (up to --until if given). With
--into the build stays beside the live read model under that name, for `diff` or inspection;
without, it is switched over: the live read model holds the rebuilt rows and resumes from where
the build stopped (services/subscriptions/replay.py). Each replay is recorded as the operator's
event `ops.ReadModelReplayed`. Read models are those each context's projections export
(READ_MODELS); the database is the service's own, as configured for the services.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from rich.console import Console

from contracts.ops.events import ReadModelReplayed, replay_stream
from services.eventstore import Position
from services.runtime.config import read_model_url
from services.subscriptions import connect_database
from services.subscriptions.replay import INTO, build, switch

from .audit_reading import parse_moment
from .audit_view import print_json
from .identity_calls import operator_actor
from .opening import Opened, opened, read_model
from .progress import spinner

SWITCHING = "switch"  # the side build a switch-over goes through


def register(commands: Any) -> None:
    replay = commands.add_parser("replay", help="rebuild a read model from the log")
    replay.add_argument("service")
    replay.add_argument("read_model")
    replay.add_argument("--actor", required=True, help="your operator handle")
    replay.add_argument("--until", help="a position, or an ISO 8601 time (UTC unless zoned)")
    replay.add_argument("--into", help="keep the build beside the live one under this name")
    replay.add_argument("--json", action="store_true")
    replay.set_defaults(run=_replay)


def _replay(args: argparse.Namespace, console: Console) -> int:
    operator_actor(args.actor)
    if args.into is not None and (not INTO.fullmatch(args.into) or args.into == SWITCHING):
        raise ValueError(
            "--into is 1 to 20 lower-case letters, digits or '_' (not 'switch', kept for "
            "switch-overs)"
        )
    with opened() as ops:
        # Every event of the log passed its schema when it was appended: read back for a
        # rebuild, its data is converted rather than validated again (docs/decisions/0038).
        subscriber = read_model(ops, args.service, args.read_model, ops.codec.trusting())
        until = None if args.until is None else _point(ops, args.until)
        engine = connect_database(read_model_url(ops.settings, args.service))
        try:
            rebuilding = f"rebuilding {subscriber.name}"
            applied = "{task.completed} events applied"
            with spinner(console, args.json, rebuilding, applied) as bar:
                task = bar.add_task("replay", total=None)
                into = args.into or SWITCHING
                done = build(
                    ops.store,
                    engine,
                    subscriber,
                    into,
                    until,
                    lambda n: bar.update(task, completed=n),
                )
            position = done.position if args.into else switch(engine, subscriber, into)
        finally:
            engine.dispose()
        ops.record(
            replay_stream(args.service, subscriber.name),
            ReadModelReplayed(
                args.service,
                subscriber.name,
                args.into,
                args.until,
                position,
                done.applied,
                args.into is None,
                datetime.now(UTC),
            ),
            args.actor,
        )
    if args.json:
        shown = {"read_model": subscriber.name, "into": args.into, "until": args.until}
        print_json({**shown, "applied": done.applied, "position": position})
        return 0
    where = f"beside the live one as {args.into}" if args.into else "and switched over"
    console.print(
        f"{subscriber.name} rebuilt {where}: {done.applied} events applied, "
        f"up to position {position or '-'}",
        highlight=False,
    )
    return 0


def _point(ops: Opened, text: str) -> Position | datetime:
    return parse_moment(ops.store, text, "--until")
