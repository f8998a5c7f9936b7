"""Sign-in throttling: failed sign-ins counted per account and per source address in a sliding
window; too many lock that account or source for a while (never for good).

    limiter = SignInLimiter(SqlAttemptStore(engine))
    verdict = limiter.check(email, ip)
    if not verdict.allowed:
        refuse(retry_after=verdict.retry_after)      # do not even check the password
    elif hasher.verify_or_dummy(stored_or_none, password):
        limiter.record_success(email, ip)
    else:
        limiter.record_failure(email, ip)

Unknown e-mails are counted like known ones, so locking out tells nothing about which exist.
Accounts and sources are stored only as keyed hashes: the table holds no e-mail or IP address.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

ACCOUNT, SOURCE = "account", "source"


@dataclass(frozen=True)
class LimitRule:
    max_failures: int
    window_seconds: float
    lockout_seconds: float


ACCOUNT_RULE = LimitRule(max_failures=5, window_seconds=15 * 60, lockout_seconds=15 * 60)
# Higher: several neighbours may share one address behind a home or building router.
SOURCE_RULE = LimitRule(max_failures=20, window_seconds=15 * 60, lockout_seconds=15 * 60)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # whole seconds until the next attempt is allowed


class LimiterUnavailable(Exception):
    """The database keeping sign-in failures could not be reached."""


class AttemptStore(Protocol):
    def record_failure(self, scope: str, key: str, at: float, since: float) -> int:
        """Add one failure at `at`; the number of failures of this key after `since`."""
        ...

    def lock(self, scope: str, key: str, until: float) -> None:
        """Lock the key until `until`, and forget its failures (the lock has used them up)."""
        ...

    def locked_until(self, scope: str, key: str) -> float | None: ...

    def clear(self, scope: str, key: str) -> None:
        """Forget the key's failures (its lock, if any, stays)."""
        ...

    def prune(self, before: float) -> None:
        """Forget failures and locks that ended before `before`."""
        ...


class SignInLimiter:
    """The rules, over a store and a clock (seconds since the epoch)."""

    def __init__(
        self,
        store: AttemptStore,
        clock: Callable[[], float] = time.time,
        account_rule: LimitRule = ACCOUNT_RULE,
        source_rule: LimitRule = SOURCE_RULE,
        pepper: bytes = b"",
    ) -> None:
        if len(pepper) > 64:
            raise ValueError("the pepper is at most 64 bytes")
        self._store = store
        self._clock = clock
        self._rules = {ACCOUNT: account_rule, SOURCE: source_rule}
        self._pepper = pepper

    def _keys(self, account: str, source: str) -> dict[str, str]:
        return {ACCOUNT: self._key(ACCOUNT, account), SOURCE: self._key(SOURCE, source)}

    def _key(self, scope: str, value: str) -> str:
        # Keyed with the deployment's pepper, so the table cannot be reversed with a list of
        # e-mails; without one it is still no e-mail in clear.
        normalised = value.strip().casefold()
        digest = hashlib.blake2b(
            f"{scope}\0{normalised}".encode(), key=self._pepper, person=b"quartier.signin"
        )
        return digest.hexdigest()[:64]

    def check(self, account: str, source: str) -> Verdict:
        now = self._clock()
        waits = [
            until - now
            for scope, key in self._keys(account, source).items()
            if (until := self._store.locked_until(scope, key)) is not None and until > now
        ]
        if not waits:
            return Verdict(allowed=True)
        return Verdict(allowed=False, retry_after=max(1, math.ceil(max(waits))))

    def record_failure(self, account: str, source: str) -> Verdict:
        now = self._clock()
        for scope, key in self._keys(account, source).items():
            rule = self._rules[scope]
            count = self._store.record_failure(scope, key, now, now - rule.window_seconds)
            if count >= rule.max_failures:
                self._store.lock(scope, key, now + rule.lockout_seconds)
        return self.check(account, source)

    def record_success(self, account: str, source: str) -> None:
        # Only the account's count: one good password must not reset a source that is guessing
        # at many accounts.
        self._store.clear(ACCOUNT, self._key(ACCOUNT, account))

    def prune(self) -> None:
        """Housekeeping for a timer: drop what no rule can look at any more."""
        longest = max(max(r.window_seconds, r.lockout_seconds) for r in self._rules.values())
        self._store.prune(self._clock() - longest)


class MemoryAttemptStore:
    """Failures and locks in dicts, for tests. Thread-safe."""

    def __init__(self) -> None:
        self._failures: dict[tuple[str, str], list[float]] = {}
        self._locks: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def record_failure(self, scope: str, key: str, at: float, since: float) -> int:
        with self._lock:
            times = self._failures.setdefault((scope, key), [])
            times.append(at)
            return sum(1 for t in times if t > since)

    def lock(self, scope: str, key: str, until: float) -> None:
        with self._lock:
            self._locks[scope, key] = until
            self._failures.pop((scope, key), None)

    def locked_until(self, scope: str, key: str) -> float | None:
        with self._lock:
            return self._locks.get((scope, key))

    def clear(self, scope: str, key: str) -> None:
        with self._lock:
            self._failures.pop((scope, key), None)

    def prune(self, before: float) -> None:
        with self._lock:
            for k, times in list(self._failures.items()):
                kept = [t for t in times if t >= before]
                if kept:
                    self._failures[k] = kept
                else:
                    del self._failures[k]
            for k, until in list(self._locks.items()):
                if until < before:
                    del self._locks[k]


METADATA = sa.MetaData()
signin_failures = sa.Table(
    "signin_failures",
    METADATA,
    sa.Column(
        "id",
        sa.Integer().with_variant(sa.BigInteger, "postgresql"),
        sa.Identity(),
        primary_key=True,
    ),
    sa.Column("scope", sa.String(10), nullable=False),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("signin_failures_key", "scope", "key", "at"),
    sa.Index("signin_failures_at", "at"),
)
signin_locks = sa.Table(
    "signin_locks",
    METADATA,
    sa.Column("scope", sa.String(10), primary_key=True),
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("until", sa.Float, nullable=False),
)


class SqlAttemptStore:
    """Failures and locks in the identity read-model database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        # Imported here: the subscriptions package brings the whole event-store stack with it.
        from services.subscriptions.database import create_all

        self._engine = engine
        with _translating():
            create_all(engine, METADATA)

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        with _translating(), self._engine.begin() as conn:
            yield conn

    def record_failure(self, scope: str, key: str, at: float, since: float) -> int:
        f = signin_failures
        with self._begin() as conn:
            conn.execute(sa.insert(f).values(scope=scope, key=key, at=at))
            count = conn.execute(
                sa.select(sa.func.count())
                .select_from(f)
                .where(f.c.scope == scope, f.c.key == key, f.c.at > since)
            ).scalar_one()
        return int(count)

    def lock(self, scope: str, key: str, until: float) -> None:
        with self._begin() as conn:
            insert: Any = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
            stmt = insert(signin_locks).values(scope=scope, key=key, until=until)
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["scope", "key"], set_={"until": stmt.excluded.until}
                )
            )
            f = signin_failures
            conn.execute(sa.delete(f).where(f.c.scope == scope, f.c.key == key))

    def locked_until(self, scope: str, key: str) -> float | None:
        t = signin_locks
        with self._begin() as conn:
            until = conn.execute(
                sa.select(t.c.until).where(t.c.scope == scope, t.c.key == key)
            ).scalar_one_or_none()
        return None if until is None else float(until)

    def clear(self, scope: str, key: str) -> None:
        f = signin_failures
        with self._begin() as conn:
            conn.execute(sa.delete(f).where(f.c.scope == scope, f.c.key == key))

    def prune(self, before: float) -> None:
        with self._begin() as conn:
            conn.execute(sa.delete(signin_failures).where(signin_failures.c.at < before))
            conn.execute(sa.delete(signin_locks).where(signin_locks.c.until < before))


@contextmanager
def _translating() -> Iterator[None]:
    try:
        yield
    except DBAPIError as exc:
        if exc.connection_invalidated or isinstance(exc, sa.exc.OperationalError):
            reason = type(exc.orig).__name__ if exc.orig else type(exc).__name__
            raise LimiterUnavailable(
                f"the sign-in limiter's database is unreachable ({reason}); check"
                " QUARTIER_READ_MODELS and that its server is running"
            ) from None
        raise
