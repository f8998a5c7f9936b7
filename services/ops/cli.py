"""`quartier`: what operators run against a platform's stores (the same configuration variables
as `make run`: QUARTIER_DATA_DIR, QUARTIER_EVENT_STORE, QUARTIER_READ_MODELS, QUARTIER_RELAY_DB).

    quartier status                                   head of the log, relay, every subscriber
    quartier park SERVICE SUBSCRIBER EVENT_ID --reason "..." --actor NAME
    quartier outbox dead SERVICE                      messages that failed every attempt
    quartier outbox retry SERVICE MESSAGE_ID --actor NAME
    quartier operator grant RESIDENT_ID --actor NAME
    quartier operator revoke RESIDENT_ID --actor NAME
    quartier erase RESIDENT_ID --actor NAME         an erasure request that came by post
    quartier export RESIDENT_ID > resident.json     everything held about the resident, as JSON
    quartier audit stream|resident|correlation ...  who did what, when and why (audit.py)
    quartier replay SERVICE READ_MODEL              rebuild a read model from the log (replay.py)
    quartier diff A B                               two builds of a read model, row by row
    quartier verify                                 tamper evidence of the log (verify.py)
    quartier export events --format parquet --output FILE   the log for analysts, pseudonymised
    quartier report --from DATE --to DATE --out DIR  the platform's key figures (HTML, PNG, CSV)

The resident commands go through the identity service over RPC (why: identity_calls.py), so
they need the platform running and QUARTIER_AMQP_URI; their errors go to stderr, keeping an
export's output pure JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Engine

from contracts.ops.events import EventParked, MessageRequeued, outbox_stream, subscriber_stream
from services.eventstore import EventStoreError, connect_existing
from services.eventstore.keyring import KeyringError
from services.runtime.config import load, read_model_url
from services.runtime.status_report import report
from services.subscriptions import ops as subscription_ops
from services.subscriptions import outbox
from services.subscriptions.database import connect_database, database_exists
from services.subscriptions.replay import ReplayFailed

from . import audit, diff, export_events, replay, verify
from . import report as key_figures
from .audit_view import print_json
from .identity_calls import IdentityError, IdentityUnavailable, call, operator_actor, resident_id
from .opening import opened
from .projections import NEVER_PARKED

SERVICE_HELP = "a service, as `quartier status` names its database (notifications, listings, ...)"

# Each module's `register(commands)` adds its subcommands: one line per module here.
SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (
    audit.register,
    diff.register,
    replay.register,
    verify.register,
    key_figures.register,
)


def main(argv: list[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if tuple(words[:2]) == export_events.WORDS:  # beside `export RESIDENT_ID`
        return export_events.main(words[2:])
    args = _parser().parse_args(words)
    # Piped or captured output keeps every character: operators grep it.
    console = Console(width=None if sys.stdout.isatty() else 240)
    try:
        return int(args.run(args, console))
    except (EventStoreError, KeyringError, LookupError, ValueError, ReplayFailed) as exc:
        console.print(f"quartier: {exc}", style="red", highlight=False)
        return 1
    except sa.exc.OperationalError as exc:
        # The driver's first line names the server and why (refused, no such database, ...).
        why = str(exc.orig or exc).strip().splitlines()[0]
        console.print(
            f"quartier: a read-model database failed: {why}", style="red", highlight=False
        )
        return 1
    except (IdentityError, IdentityUnavailable) as exc:
        errors = Console(stderr=True, width=None if sys.stderr.isatty() else 240)
        errors.print(f"quartier: {exc}", style="red", highlight=False)
        return 1


def _status(args: argparse.Namespace, console: Console) -> int:
    settings = load()
    store = connect_existing(settings.event_store)
    try:
        state = report(store, settings)
    finally:
        store.close()
    if args.json:
        print(json.dumps(state, indent=2, default=str))
        return 0
    console.print(f"log {state['log']['store']}: head {state['log']['head'] or 'empty'}")
    table = Table("where", "name", "generation", "status", "position", "applied", "state")
    for where, rows in (("relay", state["relay"]), *_by_database(state["subscribers"])):
        for row in rows:
            table.add_row(
                where,
                row["name"],
                str(row["generation"]),
                row["status"],
                row["position"] or "-",
                str(row["applied"]),
                _state(row),
            )
    console.print(table)
    return 0 if all(r["stuck_event_id"] is None for r in state["subscribers"]) else 2


def _by_database(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    databases = sorted({r["database"] for r in rows})
    return [(d, [r for r in rows if r["database"] == d]) for d in databases]


def _state(row: dict[str, Any]) -> str:
    if row["stuck_event_id"]:
        return f"STUCK at {row['stuck_event_id']} ({row['attempts']} attempts): {row['error']}"
    return "caught up" if row["caught_up"] else "behind"


def _park(args: argparse.Namespace, console: Console) -> int:
    actor, event_id = operator_actor(args.actor), _event_id(args.event_id)
    if args.subscriber in NEVER_PARKED:
        raise ValueError(
            f"{args.subscriber} reads no event's content, so no event can be what stops it "
            "(see `quartier status` for its error); parking one would hide it from audits"
        )
    engine = _read_models_of(args.service)
    with opened() as ops:  # before the action: one the log cannot record is not taken
        subscription_ops.park(engine, args.subscriber, str(event_id), args.reason, actor)
        parked = EventParked(args.service, args.subscriber, event_id, args.reason, _now())
        ops.record(subscriber_stream(args.service, args.subscriber), parked, args.actor)
    console.print(f"{args.subscriber} will pass over event {event_id}")
    return 0


def _event_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an event id (a UUID)") from None


def _now() -> datetime:
    return datetime.now(UTC)


def _read_models_of(service: str) -> Engine:
    """The read-model database of `service`, which must be there already: a mistyped name
    would otherwise leave an empty database behind, and answer as if all were well."""
    url = read_model_url(load(), service)
    if not database_exists(url):
        raise LookupError(
            f"no read-model database of a service named {service} here"
            " (the same QUARTIER_DATA_DIR and QUARTIER_READ_MODELS as the services?)"
        )
    return connect_database(url)


def _dead(args: argparse.Namespace, console: Console) -> int:
    letters = outbox.dead_letters(_read_models_of(args.service))
    if args.json:
        print_json([{**letter, "created_at": str(letter["created_at"])} for letter in letters])
        return 0
    table = Table("id", "channel", "idempotency key", "attempts", "last error", "queued")
    for letter in letters:
        table.add_row(
            str(letter["id"]),
            letter["channel"],
            letter["idempotency_key"],
            str(letter["attempts"]),
            letter["last_error"] or "",
            str(letter["created_at"]),
        )
    console.print(table)
    return 0


def _retry(args: argparse.Namespace, console: Console) -> int:
    operator_actor(args.actor)
    engine = _read_models_of(args.service)
    with opened() as ops:  # before the action: one the log cannot record is not taken
        if not outbox.retry(engine, args.message_id):
            raise LookupError(f"no dead letter {args.message_id} in {args.service}'s outbox")
        requeued = MessageRequeued(args.service, args.message_id, _now())
        ops.record(outbox_stream(args.service), requeued, args.actor)
    console.print(f"message {args.message_id} is queued again")
    return 0


def _operator(args: argparse.Namespace, console: Console) -> int:
    rid, actor = resident_id(args.resident_id), operator_actor(args.actor)
    method = "grant_role" if args.action == "grant" else "revoke_role"
    answer = call(
        lambda s: getattr(s, method)(
            command_id=str(uuid.uuid4()), resident_id=rid, role="operator", actor=actor
        )
    )
    now = "now" if args.action == "grant" else "no longer"
    console.print(f"resident {rid} is {now} an operator (position {answer['position']})")
    return 0


def _erase(args: argparse.Namespace, console: Console) -> int:
    rid, actor = resident_id(args.resident_id), operator_actor(args.actor)
    answer = call(lambda s: s.erase(str(uuid.uuid4()), rid, actor))
    console.print(f"resident {rid} is erased (position {answer['position']})")
    return 0


def _export(args: argparse.Namespace, console: Console) -> int:
    rid = resident_id(args.resident_id)
    exported = call(lambda s: s.export(rid))
    # Plain print: rich would wrap and colour what is meant for a file.
    print(json.dumps(exported, indent=2, ensure_ascii=False))
    return 0


def _resident_commands(commands: Any) -> None:
    operator = commands.add_parser("operator", help="grant or revoke the platform operator role")
    operator.add_argument("action", choices=("grant", "revoke"))
    operator.add_argument("resident_id")
    operator.add_argument("--actor", required=True, help="your operator handle")
    operator.set_defaults(run=_operator)
    erase = commands.add_parser("erase", help="forget a resident (crypto-shredding)")
    erase.add_argument("resident_id")
    erase.add_argument("--actor", required=True, help="your operator handle")
    erase.set_defaults(run=_erase)
    export = commands.add_parser("export", help="everything held about a resident, as JSON")
    export.add_argument("resident_id")
    export.set_defaults(run=_export)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quartier", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(required=True)
    status = commands.add_parser("status", help="head of the log, relay and subscribers")
    status.add_argument("--json", action="store_true")
    status.set_defaults(run=_status)
    park = commands.add_parser("park", help="let a stuck subscriber pass over one event")
    park.add_argument("service", help=SERVICE_HELP)
    park.add_argument("subscriber", help="as `quartier status` names it")
    park.add_argument("event_id", help="the event it is stuck at, as `quartier status` shows it")
    park.add_argument("--reason", required=True, help="why; kept in the audit trail")
    park.add_argument("--actor", required=True, help="your operator handle")
    park.set_defaults(run=_park)
    box = commands.add_parser("outbox", help="mail and letters that could not be sent")
    actions = box.add_subparsers(required=True)
    dead = actions.add_parser("dead", help="messages that failed every attempt")
    dead.add_argument("service", help=SERVICE_HELP)
    dead.add_argument("--json", action="store_true")
    dead.set_defaults(run=_dead)
    retry = actions.add_parser("retry", help="send a dead message again, with fresh attempts")
    retry.add_argument("service", help=SERVICE_HELP)
    retry.add_argument("message_id", type=int, help="its id, as `outbox dead` lists it")
    retry.add_argument("--actor", required=True, help="your operator handle")
    retry.set_defaults(run=_retry)
    _resident_commands(commands)
    for register in SUBCOMMANDS:
        register(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
