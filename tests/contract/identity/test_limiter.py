"""The sign-in limiter's store contract, run on the fake and on every real adapter: memory,
SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from identity.adapters.ban import BanGeocoder
from identity.adapters.geocoder import GeocoderUnavailable
from identity.adapters.ratelimit import (
    DelayRule,
    LimiterUnavailable,
    LimitRule,
    MemoryAttemptStore,
    SignInLimiter,
    SqlAttemptStore,
    Verdict,
)
from tests.contract.identity.port_fixtures import engine_postgres, engine_sqlite  # noqa: F401
from tests.support import Clock

NOW = 1_800_000_000.0  # the limiter's clock: seconds since the epoch

# --- sign-in limiter -------------------------------------------------------------------------

NO_ACCOUNT_WAIT = DelayRule(free_failures=1000, window_seconds=3600, first_delay=1, max_delay=1)


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def attempts(request: pytest.FixtureRequest) -> MemoryAttemptStore | SqlAttemptStore:
    if request.param == "memory":
        return MemoryAttemptStore()
    return SqlAttemptStore(request.getfixturevalue("engine_" + request.param))


def test_a_guesser_at_one_account_from_one_address_is_locked_then_released(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock(NOW)
    limits = SignInLimiter(attempts, clock)
    account = f"{uuid.uuid4()}@example.org"
    for _ in range(4):
        assert limits.record_failure(account, "203.0.113.5").allowed
    assert limits.record_failure(account, "203.0.113.5") == Verdict(False, 900)
    # From elsewhere, only the account's short wait (its fifth failure: one second).
    assert limits.check(account, "198.51.100.7") == Verdict(False, 1)
    clock.now += 899.5
    assert limits.check(account, "203.0.113.5") == Verdict(False, 1)
    assert limits.check(account, "198.51.100.7").allowed
    clock.now += 0.5
    assert limits.check(account, "203.0.113.5").allowed


def test_failures_from_many_addresses_make_the_account_wait_but_spare_a_known_device(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock(NOW)
    limits = SignInLimiter(attempts, clock)
    account, device = f"{uuid.uuid4()}@example.org", f"Dev-{uuid.uuid4()}"
    limits.record_success(account, "192.0.2.1", device)
    for i in range(4):
        assert limits.record_failure(account, f"198.51.100.{i}").allowed
    waits = []
    for i in range(4, 8):
        verdict = limits.record_failure(account, f"198.51.100.{i}")
        waits.append(verdict.retry_after)
        clock.now += verdict.retry_after
    assert waits == [1, 2, 4, 8]
    clock.now -= 1
    assert limits.check(account, "192.0.2.1", device).allowed
    assert limits.check(account, "192.0.2.1") == Verdict(False, 1)
    assert limits.check(account, "192.0.2.1", device.lower()) == Verdict(False, 1)
    assert limits.check(f"{uuid.uuid4()}@example.org", "192.0.2.1", device).allowed


def test_a_source_guessing_at_many_accounts_is_locked(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock(NOW)
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
    clock = Clock(NOW)
    limits = SignInLimiter(attempts, clock, account_rule=NO_ACCOUNT_WAIT)
    account = f"{uuid.uuid4()}@example.org"
    for _ in range(4):
        limits.record_failure(account, "203.0.113.9")
    clock.now += 15 * 60
    assert limits.record_failure(account, "203.0.113.9").allowed


def test_a_success_clears_the_pair_but_not_the_accounts_wait(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock(NOW)
    limits = SignInLimiter(attempts, clock)
    account, device = f"{uuid.uuid4()}@example.org", f"dev-{uuid.uuid4()}"
    for _ in range(4):
        limits.record_failure(account, "203.0.113.9", device)
    limits.record_success(account, "203.0.113.9", device)
    for _ in range(4):
        assert limits.record_failure(account, "203.0.113.9", device).allowed
    assert not limits.check(account, "203.0.113.9").allowed


def test_a_device_is_forgotten_after_its_memory(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock(NOW)
    limits = SignInLimiter(attempts, clock, device_memory_seconds=100)
    account, device = f"{uuid.uuid4()}@example.org", f"dev-{uuid.uuid4()}"
    limits.record_success(account, "192.0.2.1", device)
    clock.now += 101
    for i in range(5):
        limits.record_failure(account, f"198.51.100.{i}")
    assert not limits.check(account, "192.0.2.1", device).allowed


def test_pruning_keeps_live_locks_and_recent_devices(
    attempts: MemoryAttemptStore | SqlAttemptStore,
) -> None:
    clock = Clock(NOW)
    limits = SignInLimiter(attempts, clock, account_rule=NO_ACCOUNT_WAIT)
    old, locked = f"{uuid.uuid4()}@example.org", f"{uuid.uuid4()}@example.org"
    device = f"dev-{uuid.uuid4()}"
    limits.record_failure(old, "203.0.113.9")
    limits.record_success(locked, "192.0.2.1", device)
    clock.now += 1000
    for _ in range(5):
        limits.record_failure(locked, "203.0.113.10")
    limits.prune()
    assert not limits.check(locked, "203.0.113.10").allowed
    for _ in range(4):
        assert limits.record_failure(old, "203.0.113.9").allowed
    waiting = SignInLimiter(attempts, clock)  # the same store, with the account's wait
    for i in range(5):
        waiting.record_failure(locked, f"198.51.100.{i}")
    assert not waiting.check(locked, "192.0.2.1").allowed
    assert waiting.check(locked, "192.0.2.1", device).allowed


# --- client errors are translated at each adapter's edge ----------------------------------------


def test_an_unreachable_database_is_named_not_dumped() -> None:
    dead = sa.create_engine("postgresql+psycopg://quartier@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(GeocoderUnavailable, match="unreachable"):
        BanGeocoder(dead)
    with pytest.raises(LimiterUnavailable, match="unreachable"):
        SqlAttemptStore(dead)
    dead.dispose()
