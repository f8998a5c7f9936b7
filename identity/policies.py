"""Policies of the identity context.

Orphan e-mail claims: signing up appends the e-mail claim, then the resident's registration, to
two streams. A process that dies between the two leaves the address claimed for a resident who
does not exist: no one could sign in with it, sign up with it or erase it. This subscriber
follows the claims and registrations in log order and keeps, in a table of its own, the claims
whose resident has not been recorded yet (a handful: the sign-ups in flight and the orphans).
The identity service's timer hands them to `IdentityHandlers.release_orphan_claims`, which
releases each claim older than the grace period whose resident stream still holds no
registration (it reads the stream: this table may lag behind the log). EmailReleased then
frees the address for a new sign-up, as an erasure does (docs/decisions/0007).

    subscriber = orphan_claims(codec)
    candidates = pending(conn, tables)
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy.engine import Connection

from contracts.identity.events import EmailClaimed, EmailReleased, ResidentRegistered
from identity.handlers.orphans import PendingClaim
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber
from services.subscriptions.in_flight import InFlight

NAME = "identity.orphan_claims"
VERSION = 1
TYPES = ("identity.EmailClaimed", "identity.EmailReleased", "identity.ResidentRegistered")


CLAIMS = InFlight("identity_policy_claims", key="claim_stream", key_length=80, since="claimed_at")


def orphan_claims(codec: Codec) -> Subscriber:
    def handle(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent) -> None:
        react(tx, t, recorded.stream, codec.decode(recorded).event)

    return Subscriber(NAME, handle, define=CLAIMS.define, types=TYPES, version=VERSION)


def react(tx: Connection, t: SimpleNamespace, stream: str, event: Any) -> None:
    """Follow one event: only ids, streams and times are kept, never the address."""
    match event:
        case EmailClaimed():
            CLAIMS.start(tx, t, stream, event.resident_id, event.claimed_at)
        case EmailReleased():
            CLAIMS.settle(tx, t, stream)
        case ResidentRegistered():
            CLAIMS.settle_resident(tx, t, event.resident_id)


def pending(conn: Connection, t: SimpleNamespace) -> list[PendingClaim]:
    """Every claim still waiting for its resident, oldest first."""
    return [PendingClaim(*started) for started in CLAIMS.oldest_first(conn, t)]
