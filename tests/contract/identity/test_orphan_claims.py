"""Identity's orphan-claim policy on an SQLite and a PostgreSQL database alike: it keeps the
e-mail claims whose resident was not recorded, and forgets a claim once its resident is
recorded or the claim released."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from contracts import Metadata
from contracts.identity.events import EmailClaimed
from identity import policies
from identity.domain.email_claim import email_claim_stream
from identity.handlers.orphans import PendingClaim
from services.eventstore import NO_STREAM
from services.subscriptions import SubscriptionRunner
from tests.contract.identity.world import MemoryIdentity, memory_identity

PASSWORD = "correct horse battery"
CLAIMED_AT = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)  # before the handlers' clock


def email() -> str:
    return f"ada-{uuid.uuid4().hex[:8]}@example.org"


def orphan(identity: MemoryIdentity, address: str) -> PendingClaim:
    """A claim appended by a sign-up whose process died before it recorded the resident."""
    rid, stream = uuid.uuid4(), email_claim_stream(address)
    claimed = identity.codec.encode(EmailClaimed(rid, address, CLAIMED_AT), Metadata.start("t"))
    identity.store.append(stream, [claimed], expected_version=NO_STREAM)
    return PendingClaim(stream, rid, CLAIMED_AT)


def pending(runner: SubscriptionRunner, engine: sa.Engine) -> list[PendingClaim]:
    while runner.run_once():
        pass
    with engine.connect() as conn:
        return policies.pending(conn, runner.tables())


def test_only_claims_whose_resident_never_came_stay_pending_until_released(
    database: Callable[[], sa.Engine],
) -> None:
    identity, engine = memory_identity(b"k" * 32), database()
    runner = SubscriptionRunner(identity.store, engine, policies.orphan_claims(identity.codec))
    identity.handlers.register(uuid.uuid4(), email(), PASSWORD, "Grace")
    address = email()
    claim = orphan(identity, address)
    erased = identity.handlers.register(uuid.uuid4(), email(), PASSWORD, "Alan").resident_id
    identity.handlers.erase(uuid.uuid4(), erased, "system:ops")
    assert pending(runner, engine) == [claim]

    identity.handlers.release_orphan_claims([claim], grace=timedelta(0))
    assert pending(runner, engine) == []
    again = identity.handlers.register(uuid.uuid4(), address, PASSWORD, "Ada")
    assert pending(runner, engine) == []
    assert identity.handlers.resident(again.resident_id).registered
    runner.release()
