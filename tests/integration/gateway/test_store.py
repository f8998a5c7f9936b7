"""The gateway's own tables on SQLite and PostgreSQL: sessions (issue, find, expiry, revocation,
the revocation rule of identity's events) and rate-limit counters shared by replicas."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from services.eventstore import Position, RecordedEvent
from services.gateway.access.ratelimit import Limit, RateLimiter
from services.gateway.access.revocations import revoke
from services.gateway.access.sessions import SessionStore, token_hash
from services.gateway.access.tables import GATEWAY, rate_counters, session_spares, sessions
from services.subscriptions.database import create_all
from tests.contract.read_models import open_databases

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)
IDLE, MAX_AGE = timedelta(days=14), timedelta(days=90)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for open_one in open_databases(request.param, tmp_path):  # disposed of (and dropped) after
        engine = open_one()
        create_all(engine, GATEWAY)
        yield engine


def store(engine: Engine) -> SessionStore:
    return SessionStore(engine, IDLE, MAX_AGE)


def rid() -> str:
    return str(uuid.uuid4())


def event(kind: str, resident: str, at: datetime, correlation: str | None = None) -> RecordedEvent:
    return RecordedEvent(
        uuid.uuid4(),
        f"identity.resident-{resident}",
        1,
        Position((1,)),
        f"identity.{kind}",
        1,
        {"resident_id": resident},
        {"correlation_id": correlation} if correlation else {},
        at,
    )


def apply(engine: Engine, recorded: RecordedEvent) -> None:
    with engine.begin() as tx:
        revoke(tx, None, recorded)


def test_a_session_is_found_by_its_token_which_is_stored_hashed(engine: Engine) -> None:
    issued = store(engine).issue(rid(), NOW, "7")
    found = store(engine).find(issued.token, NOW + timedelta(hours=1))
    assert found is not None and found.position == "7"
    with engine.connect() as conn:
        stored = conn.execute(sa.select(sessions.c.token_hash, sessions.c.csrf_hash)).all()
    assert issued.token not in str(stored) and issued.csrf_token not in str(stored)
    assert stored[0][0] == token_hash(issued.token)


def test_use_renews_an_idle_session_until_its_absolute_end(engine: Engine) -> None:
    sessions_ = store(engine)
    issued = sessions_.issue(rid(), NOW)
    for day in range(10, 90, 10):
        assert sessions_.find(issued.token, NOW + timedelta(days=day)) is not None
    assert sessions_.find(issued.token, NOW + timedelta(days=90)) is None
    assert sessions_.find(issued.token, NOW) is None  # and it is gone for good


def test_an_idle_session_expires(engine: Engine) -> None:
    issued = store(engine).issue(rid(), NOW)
    assert store(engine).find(issued.token, NOW + IDLE) is None


def test_revoking_a_resident_may_keep_one_session(engine: Engine) -> None:
    who = rid()
    kept, other = store(engine).issue(who, NOW), store(engine).issue(who, NOW)
    elsewhere = store(engine).issue(rid(), NOW)
    assert store(engine).revoke_resident(who, keep=kept.session) == 1
    assert store(engine).find(kept.token, NOW) is not None
    assert store(engine).find(other.token, NOW) is None
    assert store(engine).find(elsewhere.token, NOW) is not None


def test_the_sweep_deletes_expired_sessions_only(engine: Engine) -> None:
    old = store(engine).issue(rid(), NOW - MAX_AGE)
    fresh = store(engine).issue(rid(), NOW)
    assert store(engine).sweep(NOW) == 1
    assert store(engine).find(fresh.token, NOW) is not None
    assert store(engine).find(old.token, NOW) is None


def test_password_changed_revokes_sessions_started_before_it(engine: Engine) -> None:
    who = rid()
    before = store(engine).issue(who, NOW)
    later = store(engine).issue(who, NOW + timedelta(seconds=2))
    apply(engine, event("PasswordChanged", who, NOW + timedelta(seconds=1)))
    assert store(engine).find(before.token, NOW + timedelta(seconds=3)) is None
    assert store(engine).find(later.token, NOW + timedelta(seconds=3)) is not None


def test_password_changed_spares_the_session_it_came_from(engine: Engine) -> None:
    who, request_id = rid(), str(uuid.uuid4())
    own, other = store(engine).issue(who, NOW), store(engine).issue(who, NOW)
    store(engine).spare(own.session, request_id)
    apply(engine, event("PasswordChanged", who, NOW + timedelta(seconds=1), request_id))
    assert store(engine).find(own.token, NOW) is not None
    assert store(engine).find(other.token, NOW) is None
    # Another change, made elsewhere, ends it too.
    apply(engine, event("PasswordChanged", who, NOW + timedelta(seconds=2), str(uuid.uuid4())))
    assert store(engine).find(own.token, NOW) is None


def test_two_quick_changes_from_one_session_both_spare_it(engine: Engine) -> None:
    who, first, second = rid(), str(uuid.uuid4()), str(uuid.uuid4())
    own, other = store(engine).issue(who, NOW), store(engine).issue(who, NOW)
    # The second change is asked before the first one's event reaches the revocations.
    store(engine).spare(own.session, first)
    store(engine).spare(own.session, second)
    apply(engine, event("PasswordChanged", who, NOW + timedelta(seconds=1), first))
    assert store(engine).find(own.token, NOW) is not None
    assert store(engine).find(other.token, NOW) is None
    apply(engine, event("PasswordChanged", who, NOW + timedelta(seconds=2), second))
    assert store(engine).find(own.token, NOW) is not None
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(session_spares)).scalar() == 0


def test_a_refused_change_leaves_no_spare_behind(engine: Engine) -> None:
    who, request_id = rid(), str(uuid.uuid4())
    own = store(engine).issue(who, NOW)
    store(engine).spare(own.session, request_id)
    store(engine).unspare(own.session, request_id)
    apply(engine, event("PasswordChanged", who, NOW + timedelta(seconds=1), request_id))
    assert store(engine).find(own.token, NOW) is None


def test_the_sweep_forgets_the_spares_of_sessions_gone(engine: Engine) -> None:
    old, fresh = store(engine).issue(rid(), NOW - MAX_AGE), store(engine).issue(rid(), NOW)
    store(engine).spare(old.session, str(uuid.uuid4()))
    store(engine).spare(fresh.session, str(uuid.uuid4()))
    store(engine).sweep(NOW)
    with engine.connect() as conn:
        left = conn.execute(sa.select(session_spares.c.token_hash)).scalars().all()
    assert left == [fresh.session.token_hash]


def test_erasure_revokes_every_session_of_the_resident_only(engine: Engine) -> None:
    who = rid()
    gone = store(engine).issue(who, NOW + timedelta(days=1))
    kept = store(engine).issue(rid(), NOW)
    apply(engine, event("ResidentErased", who, NOW))
    assert store(engine).find(gone.token, NOW + timedelta(days=1)) is None
    assert store(engine).find(kept.token, NOW) is not None


def test_replicas_count_against_the_same_limit(engine: Engine) -> None:
    limits = {"sign_in": Limit(3, 60)}
    one, two = RateLimiter(engine, limits, b"k" * 32), RateLimiter(engine, limits, b"k" * 32)
    now = 6000.0
    verdicts = [r.hit("sign_in", "192.0.2.1", now) for r in (one, two, one, two)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_after == 60
    assert one.hit("sign_in", "192.0.2.2", now).allowed  # another client
    assert one.hit("sign_in", "192.0.2.1", now + 60).allowed  # the next window


def test_ended_windows_are_swept(engine: Engine) -> None:
    limiter = RateLimiter(engine, {"sign_up": Limit(1, 60)}, b"k" * 32)
    limiter.hit("sign_up", "192.0.2.1", 6000.0)
    limiter.hit("sign_up", "192.0.2.1", 6100.0)
    assert limiter.sweep(6100.0) == 1  # 6000..6060 ended; 6060..6120 has not
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(rate_counters)).scalar() == 1
