"""Passwords: argon2id hashes, a minimum policy, and no timing tell for unknown accounts."""

from __future__ import annotations

import statistics
import time

import pytest

from identity.adapters.passwords import (
    MAX_LENGTH,
    PasswordHasher,
    WeakPassword,
    check_password_policy,
)

# Cheap enough for tests, costly enough that hashing dominates the timings below.
FAST = {"time_cost": 2, "memory_cost": 16 * 1024, "parallelism": 1}


@pytest.fixture(scope="module")
def hasher() -> PasswordHasher:
    return PasswordHasher(**FAST)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", "too_short"),
        ("x" * (MAX_LENGTH + 1), "too_long"),
        ("AzertyUIOP", "too_common"),
        ("1234567890", "too_common"),
    ],
)
def test_a_weak_password_is_refused_with_its_reason(password: str, reason: str) -> None:
    with pytest.raises(WeakPassword) as refused:
        check_password_policy(password)
    assert refused.value.reason == reason
    assert password not in str(refused.value)


def test_a_long_uncommon_password_is_accepted() -> None:
    check_password_policy("tilleuls sous la pluie")
    check_password_policy("x" * MAX_LENGTH)


def test_the_hash_is_argon2id_and_never_holds_the_password(hasher: PasswordHasher) -> None:
    stored = hasher.hash("tilleuls sous la pluie")
    assert stored.startswith("$argon2id$")
    assert "tilleuls" not in stored
    assert hasher.hash("tilleuls sous la pluie") != stored  # salted


def test_only_the_right_password_verifies(hasher: PasswordHasher) -> None:
    stored = hasher.hash("tilleuls sous la pluie")
    assert hasher.verify(stored, "tilleuls sous la pluie")
    assert not hasher.verify(stored, "Tilleuls sous la pluie")
    assert not hasher.verify("not a hash", "tilleuls sous la pluie")


def test_composed_and_decomposed_accents_are_the_same_password(hasher: PasswordHasher) -> None:
    stored = hasher.hash("un \u00e9t\u00e9 \u00e0 Bourg")
    assert hasher.verify(stored, "un e\u0301te\u0301 a\u0300 Bourg")


def test_an_unknown_account_never_signs_in(hasher: PasswordHasher) -> None:
    assert not hasher.verify_or_dummy(None, "tilleuls sous la pluie")


def test_a_hash_made_with_other_costs_needs_rehashing(hasher: PasswordHasher) -> None:
    stored = hasher.hash("tilleuls sous la pluie")
    assert not hasher.needs_rehash(stored)
    stronger = PasswordHasher(time_cost=3, memory_cost=16 * 1024, parallelism=1)
    assert stronger.needs_rehash(stored)
    assert hasher.needs_rehash("not a hash")


def _timing_ratio(hasher: PasswordHasher, stored: str, pairs: int = 9) -> float:
    """Median time for an unknown account over median time for a wrong password, the two
    interleaved so that a busy machine slows both alike."""
    wrong, unknown = [], []
    for _ in range(pairs):
        start = time.perf_counter()
        hasher.verify_or_dummy(stored, "a wrong password")
        wrong.append(time.perf_counter() - start)
        start = time.perf_counter()
        hasher.verify_or_dummy(None, "a wrong password")
        unknown.append(time.perf_counter() - start)
    return statistics.median(unknown) / statistics.median(wrong)


def test_an_unknown_account_takes_about_as_long_as_a_wrong_password(
    hasher: PasswordHasher,
) -> None:
    stored = hasher.hash("tilleuls sous la pluie")
    # A few rounds, as other processes may stall one; skipping the hash would be ~1000x off.
    ratios = []
    for _ in range(3):
        ratios.append(_timing_ratio(hasher, stored))
        if 0.5 <= ratios[-1] <= 2.0:
            break
    assert 0.5 <= ratios[-1] <= 2.0, ratios
