"""The sign-in limiter's store contract, run on the fake and on every real adapter: memory,
SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from identity.geocoder import BanGeocoder, GeocoderUnavailable
from identity.ratelimit import (
    LimiterUnavailable,
    LimitRule,
    MemoryAttemptStore,
    SignInLimiter,
    SqlAttemptStore,
    Verdict,
)

from .identity_port_fixtures import engine_postgres, engine_sqlite  # noqa: F401

# --- sign-in limiter -------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def attempts(request: pytest.FixtureRequest) -> MemoryAttemptStore | SqlAttemptStore:
    if request.param == "memory":
        return MemoryAttemptStore()
    return SqlAttemptStore(request.getfixturevalue("engine_" + request.param))


def test_lockout_then_release_after_the_window(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock()
    limits = SignInLimiter(attempts, clock)
    account = f"{uuid.uuid4()}@example.org"
    for _ in range(4):
        assert limits.record_failure(account, "203.0.113.5").allowed
    assert limits.record_failure(account, "203.0.113.5") == Verdict(False, 900)
    clock.now += 899.5
    assert limits.check(account, "198.51.100.7") == Verdict(False, 1)
    clock.now += 0.5
    assert limits.check(account, "198.51.100.7").allowed
    # The lock used its failures up: a fresh window of five.
    for _ in range(4):
        assert limits.record_failure(account, "198.51.100.7").allowed
    assert not limits.record_failure(account, "198.51.100.7").allowed


def test_a_source_guessing_at_many_accounts_is_locked(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock()
    limits = SignInLimiter(
        attempts,
        clock,
        source_rule=LimitRule(max_failures=6, window_seconds=60, lockout_seconds=120),
    )
    source = f"10.0.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    verdicts = [limits.record_failure(f"{uuid.uuid4()}@example.org", source) for _ in range(6)]
    assert [v.allowed for v in verdicts] == [True] * 5 + [False]
    assert limits.check(f"{uuid.uuid4()}@example.org", source) == Verdict(False, 120)
    assert limits.check(f"{uuid.uuid4()}@example.org", "192.0.2.1").allowed
    clock.now += 120
    assert limits.check(f"{uuid.uuid4()}@example.org", source).allowed


def test_failures_leave_the_sliding_window(attempts: MemoryAttemptStore | SqlAttemptStore) -> None:
    clock = Clock()
    limits = SignInLimiter(attempts, clock)
    account = f"{uuid.uuid4()}@example.org"
    for _ in range(4):
        limits.record_failure(account, "203.0.113.9")
    clock.now += 15 * 60
    assert limits.record_failure(account, "203.0.113.9").allowed


def test_a_success_clears_the_accounts_failures(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock()
    limits = SignInLimiter(attempts, clock)
    account = f"{uuid.uuid4()}@example.org"
    for _ in range(4):
        limits.record_failure(account, "203.0.113.9")
    limits.record_success(account, "203.0.113.9")
    for _ in range(4):
        assert limits.record_failure(account, "203.0.113.9").allowed


def test_pruning_keeps_live_locks(attempts: MemoryAttemptStore | SqlAttemptStore) -> None:
    clock = Clock()
    limits = SignInLimiter(attempts, clock)
    old, locked = f"{uuid.uuid4()}@example.org", f"{uuid.uuid4()}@example.org"
    limits.record_failure(old, "203.0.113.9")
    clock.now += 1000
    for _ in range(5):
        limits.record_failure(locked, "203.0.113.10")
    limits.prune()
    assert not limits.check(locked, "192.0.2.1").allowed
    for _ in range(4):
        assert limits.record_failure(old, "192.0.2.2").allowed


# --- client errors are translated at each adapter's edge ----------------------------------------


def test_an_unreachable_database_is_named_not_dumped() -> None:
    dead = sa.create_engine("postgresql+psycopg://quartier@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(GeocoderUnavailable, match="unreachable"):
        BanGeocoder(dead)
    with pytest.raises(LimiterUnavailable, match="unreachable"):
        SqlAttemptStore(dead)
    dead.dispose()
