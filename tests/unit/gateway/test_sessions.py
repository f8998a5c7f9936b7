"""Session tokens: random, stored hashed, expiring when idle or old; the CSRF rule."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from services.gateway.access.sessions import (
    Session,
    csrf_matches,
    csrf_required,
    new_token,
    token_hash,
)

NOW = datetime(2030, 1, 1, tzinfo=UTC)
IDLE = timedelta(days=14)


def session(
    created: datetime, last_seen: datetime, max_age: timedelta = timedelta(days=90)
) -> Session:
    return Session(token_hash("t"), token_hash("c"), "r", created, last_seen, created + max_age)


def test_tokens_are_256_bit_random_and_never_repeat() -> None:
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert all(len(t) >= 43 for t in tokens)  # 32 bytes in URL-safe base64


def test_a_token_is_stored_as_its_sha256_only() -> None:
    token = new_token()
    assert token_hash(token) == hashlib.sha256(token.encode()).hexdigest()
    assert token not in token_hash(token)


def test_a_session_used_recently_is_live() -> None:
    assert session(NOW - timedelta(days=30), NOW - timedelta(days=13)).live(NOW, IDLE)


def test_a_session_unused_for_the_idle_time_is_over() -> None:
    assert not session(NOW - timedelta(days=30), NOW - timedelta(days=14)).live(NOW, IDLE)


def test_a_session_in_use_ends_at_its_absolute_age() -> None:
    old = session(NOW - timedelta(days=90), NOW - timedelta(minutes=1))
    assert not old.live(NOW, IDLE)
    assert old.ends_at(IDLE) == NOW


def test_ends_at_is_the_earlier_of_idle_and_absolute_end() -> None:
    fresh = session(NOW, NOW)
    assert fresh.ends_at(IDLE) == NOW + IDLE
    short = session(NOW, NOW, max_age=timedelta(seconds=3))
    assert short.ends_at(IDLE) == NOW + timedelta(seconds=3)


def test_csrf_is_required_on_cookie_writes_only() -> None:
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert csrf_required(method, by_cookie=True)
        assert not csrf_required(method, by_cookie=False)
    for method in ("GET", "HEAD", "OPTIONS"):
        assert not csrf_required(method, by_cookie=True)


def test_csrf_token_must_match_the_sessions() -> None:
    s = session(NOW, NOW)
    assert csrf_matches(s, "c")
    assert not csrf_matches(s, "other")
    assert not csrf_matches(s, "")
    assert not csrf_matches(s, None)
