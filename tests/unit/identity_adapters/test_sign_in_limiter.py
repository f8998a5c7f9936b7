"""Sign-in throttling rules, on the in-memory store and a hand-driven clock."""

from __future__ import annotations

from identity.ratelimit import LimitRule, MemoryAttemptStore, SignInLimiter, Verdict
from tests.support import Clock

START = 1_800_000_000.0  # seconds since the epoch


def limiter(store: MemoryAttemptStore, clock: Clock[float]) -> SignInLimiter:
    return SignInLimiter(store, clock)


def test_failures_spread_beyond_the_window_never_lock() -> None:
    clock, store = Clock(START), MemoryAttemptStore()
    limits = limiter(store, clock)
    for _ in range(10):
        assert limits.record_failure("ana@example.org", "203.0.113.5").allowed
        clock.advance(4 * 60)  # only 3 or 4 failures ever fall in one 15-minute window


def test_the_fifth_failure_locks_the_account_for_fifteen_minutes() -> None:
    clock, store = Clock(START), MemoryAttemptStore()
    limits = limiter(store, clock)
    for _ in range(4):
        limits.record_failure("ana@example.org", "203.0.113.5")
    assert limits.record_failure("ana@example.org", "203.0.113.5") == Verdict(False, 900)
    clock.advance(600)
    assert limits.check("ANA@example.org ", "198.51.100.1") == Verdict(False, 300)
    assert limits.check("ben@example.org", "198.51.100.1").allowed


def test_the_store_keeps_no_e_mail_or_ip_address() -> None:
    clock, store = Clock(START), MemoryAttemptStore()
    limiter(store, clock).record_failure("ana@example.org", "203.0.113.5")
    stored = repr(store.__dict__)
    assert "ana" not in stored and "203.0.113" not in stored


def test_a_pepper_changes_the_stored_keys() -> None:
    clock = Clock(START)
    plain, peppered = MemoryAttemptStore(), MemoryAttemptStore()
    SignInLimiter(plain, clock).record_failure("ana@example.org", "x")
    SignInLimiter(peppered, clock, pepper=b"s" * 32).record_failure("ana@example.org", "x")
    assert plain.__dict__["_failures"].keys() != peppered.__dict__["_failures"].keys()


def test_a_success_resets_the_account_but_not_the_source() -> None:
    clock, store = Clock(START), MemoryAttemptStore()
    rule = LimitRule(max_failures=3, window_seconds=900, lockout_seconds=900)
    limits = SignInLimiter(store, clock, account_rule=rule, source_rule=rule)
    limits.record_failure("ana@example.org", "203.0.113.5")
    limits.record_failure("ana@example.org", "203.0.113.5")
    limits.record_success("ana@example.org", "203.0.113.5")
    assert limits.record_failure("ana@example.org", "198.51.100.1").allowed
    assert not limits.record_failure("ben@example.org", "203.0.113.5").allowed


def test_prune_forgets_what_no_rule_looks_at_any_more() -> None:
    clock, store = Clock(START), MemoryAttemptStore()
    limits = limiter(store, clock)
    for _ in range(5):
        limits.record_failure("ana@example.org", "203.0.113.5")
    clock.advance(3600)
    limits.prune()
    assert store.__dict__["_failures"] == {} and store.__dict__["_locks"] == {}
