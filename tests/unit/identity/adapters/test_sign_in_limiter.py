"""Sign-in throttling rules, on the in-memory store and a hand-driven clock."""

from __future__ import annotations

from identity.adapters.ratelimit import (
    DelayRule,
    LimitRule,
    MemoryAttemptStore,
    SignInLimiter,
    Verdict,
)
from tests.support import Clock

START = 1_800_000_000.0  # seconds since the epoch


def limiter(store: MemoryAttemptStore, clock: Clock[float]) -> SignInLimiter:
    return SignInLimiter(store, clock)


def test_failures_spread_beyond_the_window_never_lock_the_address_out() -> None:
    clock, store = Clock(START), MemoryAttemptStore()
    limits = limiter(store, clock)
    for _ in range(10):
        assert limits.check("ana@example.org", "203.0.113.5").allowed
        limits.record_failure("ana@example.org", "203.0.113.5")
        clock.advance(4 * 60)  # only 3 or 4 failures ever fall in one 15-minute window


def test_the_fifth_failure_from_one_address_locks_that_address_out_of_the_account() -> None:
    clock, store = Clock(START), MemoryAttemptStore()
    limits = limiter(store, clock)
    for _ in range(4):
        limits.record_failure("ana@example.org", "203.0.113.5")
    assert limits.record_failure("ana@example.org", "203.0.113.5") == Verdict(False, 900)
    clock.advance(600)
    assert limits.check("ANA@example.org ", "203.0.113.5") == Verdict(False, 300)
    assert limits.check("ana@example.org", "198.51.100.1").allowed
    assert limits.check("ben@example.org", "203.0.113.5").allowed


def test_the_accounts_wait_doubles_and_is_capped() -> None:
    rule = DelayRule(free_failures=3, window_seconds=3600, first_delay=2, max_delay=60)
    assert [rule.delay(n) for n in range(2, 10)] == [0, 2, 4, 8, 16, 32, 60, 60]
    assert rule.delay(10**9) == 60


def test_the_store_keeps_no_e_mail_ip_address_or_device_token() -> None:
    clock, store = Clock(START), MemoryAttemptStore()
    limits = limiter(store, clock)
    limits.record_failure("ana@example.org", "203.0.113.5")
    limits.record_success("ana@example.org", "203.0.113.5", "device-token-secret")
    stored = repr(store.__dict__)
    assert "ana" not in stored and "203.0.113" not in stored and "secret" not in stored


def test_a_pepper_changes_the_stored_keys() -> None:
    clock = Clock(START)
    plain, peppered = MemoryAttemptStore(), MemoryAttemptStore()
    SignInLimiter(plain, clock).record_failure("ana@example.org", "x")
    SignInLimiter(peppered, clock, pepper=b"s" * 32).record_failure("ana@example.org", "x")
    assert plain.__dict__["_failures"].keys() != peppered.__dict__["_failures"].keys()


def test_a_success_resets_the_pair_but_not_the_source() -> None:
    clock, store = Clock(START), MemoryAttemptStore()
    pair = LimitRule(max_failures=3, window_seconds=900, lockout_seconds=900)
    source = LimitRule(max_failures=4, window_seconds=900, lockout_seconds=900)
    limits = SignInLimiter(store, clock, pair_rule=pair, source_rule=source)
    limits.record_failure("ana@example.org", "203.0.113.5")
    limits.record_failure("ana@example.org", "203.0.113.5")
    limits.record_success("ana@example.org", "203.0.113.5")
    assert limits.record_failure("ana@example.org", "203.0.113.5").allowed
    assert not limits.record_failure("ben@example.org", "203.0.113.5").allowed


def test_prune_forgets_what_no_rule_looks_at_any_more() -> None:
    clock, store = Clock(START), MemoryAttemptStore()
    limits = SignInLimiter(store, clock, device_memory_seconds=2 * 24 * 3600)
    for _ in range(5):
        limits.record_failure("ana@example.org", "203.0.113.5")
    limits.record_success("ana@example.org", "203.0.113.5", "device")
    clock.advance(2 * 24 * 3600 + 1)
    limits.prune()
    assert store.__dict__["_failures"] == {} and store.__dict__["_locks"] == {}
    assert store.__dict__["_devices"] == {}
