"""Who holds the platform's operator role, as the ops service needs it: learnt from identity's
events (a grant, a revocation, an erasure), never from identity's tables. A resident who was
never granted the role has no row; an erased one is no operator any more.

Each row remembers the version of the last event of the resident's stream it applied, so an
event delivered again is passed over.

    subscriber = operators(codec)
"""

from __future__ import annotations

import uuid
from functools import partial
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import ResidentErased, RoleGranted, RoleRevoked
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber, generations
from services.subscriptions.subscriber import each_event
from services.subscriptions.versioned import learn, row

NAME = "ops.operators"
VERSION = 1
OPERATOR = "operator"
TYPES = ("identity.RoleGranted", "identity.RoleRevoked", "identity.ResidentErased")

OPERATORS = sa.Table(
    "ops_operators",
    sa.MetaData(),
    sa.Column("resident_id", sa.String(36), primary_key=True),
    sa.Column("operator", sa.Boolean, nullable=False),
    sa.Column("erased", sa.Boolean, nullable=False),
    sa.Column("stream_version", sa.Integer, nullable=False),
)
define = generations(operators=OPERATORS)


def operators(codec: Codec) -> Subscriber:
    return Subscriber(NAME, each_event(codec, apply), define=define, types=TYPES, version=VERSION)


def apply(tx: Connection, t: SimpleNamespace, event: Any, version: int) -> None:
    """One decoded identity event into the operators table; `version` is its place in the
    resident's stream."""
    if not isinstance(event, RoleGranted | RoleRevoked | ResidentErased):
        return
    rid = str(event.resident_id)
    blank = {"resident_id": rid, "operator": False, "erased": False}
    learn(tx, t.operators, "resident_id", rid, version, partial(_changes, event), blank)


def _changes(event: Any, _row: Any) -> dict[str, Any] | None:
    match event:
        case RoleGranted() | RoleRevoked() if event.role == OPERATOR:
            return {"operator": isinstance(event, RoleGranted)}
        case ResidentErased():
            return {"operator": False, "erased": True}
    return None


def is_operator(conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID) -> bool:
    """True while identity says the resident holds the platform's operator role."""
    found = row(conn, t.operators, "resident_id", str(resident_id))
    return found is not None and bool(found.operator) and not found.erased
