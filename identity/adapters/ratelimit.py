"""Sign-in throttling that slows the guesser, never locks the owner out.

    limiter = SignInLimiter(SqlAttemptStore(engine))
    verdict = limiter.check(email, ip, device)
    if not verdict.allowed:
        refuse(retry_after=verdict.retry_after)      # do not even check the password
    elif hasher.verify_or_dummy(stored_or_none, password):
        limiter.record_success(email, ip, device)    # remembers this device for the account
    else:
        limiter.record_failure(email, ip, device)

Three counts of failures (docs/decisions/0009-sign-in-throttling.md):
- per (account, source) and per source: too many in a sliding window lock that pair or that
  source for a while (a refusal with the time to wait);
- per account: past a few failures, each further one makes the next sign-in to the account wait
  twice as long as the last (capped). The wait spares a device (a browser's random token, kept
  in a cookie by the gateway) that signed in to this account before: failures made from
  elsewhere, by anybody, cannot keep the owner out.

Unknown e-mails are counted like known ones, so being throttled tells nothing about which exist.
Accounts, sources and devices are stored only as keyed hashes: no e-mail, IP address or token.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from identity.adapters.ratelimit_sql import LimiterUnavailable, SqlAttemptStore

__all__ = [
    "ACCOUNT_RULE",
    "PAIR_RULE",
    "SOURCE_RULE",
    "AttemptStore",
    "DelayRule",
    "LimitRule",
    "LimiterUnavailable",
    "MemoryAttemptStore",
    "SignInLimiter",
    "SqlAttemptStore",
    "Verdict",
]

ACCOUNT, PAIR, SOURCE, DEVICE = "account", "pair", "source", "device"


@dataclass(frozen=True)
class LimitRule:
    max_failures: int
    window_seconds: float
    lockout_seconds: float


@dataclass(frozen=True)
class DelayRule:
    """After `free_failures` in the window, the next attempt waits `first_delay` seconds, and
    each further failure doubles the wait, up to `max_delay`."""

    free_failures: int
    window_seconds: float
    first_delay: float
    max_delay: float

    def delay(self, failures: int) -> float:
        if failures < self.free_failures:
            return 0.0
        doublings = min(failures - self.free_failures, 32)
        return float(min(self.max_delay, self.first_delay * 2**doublings))


# One guesser at one account from one address.
PAIR_RULE = LimitRule(max_failures=5, window_seconds=15 * 60, lockout_seconds=15 * 60)
# Higher: several neighbours may share one address behind a home or building router.
SOURCE_RULE = LimitRule(max_failures=20, window_seconds=15 * 60, lockout_seconds=15 * 60)
# Guessers spread over many addresses: 1 s, 2 s, 4 s ... 15 min between tries, not a lock. A
# day's window, so that the wait stays at its longest while the guessing goes on.
ACCOUNT_RULE = DelayRule(
    free_failures=5, window_seconds=24 * 3600, first_delay=1, max_delay=15 * 60
)
DEVICE_MEMORY_SECONDS = 180 * 24 * 3600


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # whole seconds until the next attempt is allowed


class AttemptStore(Protocol):
    def record_failure(self, scope: str, key: str, at: float, since: float) -> int:
        """Add one failure at `at`; the number of failures of this key after `since`."""
        ...

    def lock(self, scope: str, key: str, until: float, forget: bool = True) -> None:
        """Refuse the key until `until`; with `forget`, drop its failures (the lock has used
        them up), else keep them counting."""
        ...

    def locked_until(self, scope: str, key: str) -> float | None: ...

    def clear(self, scope: str, key: str) -> None:
        """Forget the key's failures (its lock, if any, stays)."""
        ...

    def remember(self, key: str, at: float) -> None:
        """Note a device's success (at `at`, the latest one kept)."""
        ...

    def remembered(self, key: str, since: float) -> bool:
        """Whether the device's last success was at `since` or later."""
        ...

    def prune(self, before: float, devices_before: float) -> None:
        """Forget failures and locks that ended before `before`, devices last seen before
        `devices_before`."""
        ...


class SignInLimiter:
    """The rules, over a store and a clock (seconds since the epoch)."""

    def __init__(
        self,
        store: AttemptStore,
        clock: Callable[[], float] = time.time,
        pair_rule: LimitRule = PAIR_RULE,
        source_rule: LimitRule = SOURCE_RULE,
        account_rule: DelayRule = ACCOUNT_RULE,
        pepper: bytes = b"",
        device_memory_seconds: float = DEVICE_MEMORY_SECONDS,
    ) -> None:
        if len(pepper) > 64:
            raise ValueError("the pepper is at most 64 bytes")
        self._store = store
        self._clock = clock
        self._locks = {PAIR: pair_rule, SOURCE: source_rule}
        self._account_rule = account_rule
        self._pepper = pepper
        self._device_memory = device_memory_seconds

    def _key(self, scope: str, *parts: str) -> str:
        # Keyed with the deployment's pepper, so the table cannot be reversed with a list of
        # e-mails or addresses; without one it is still no e-mail in clear.
        joined = "\0".join((scope, *parts))
        digest = hashlib.blake2b(joined.encode(), key=self._pepper, person=b"quartier.signin")
        return digest.hexdigest()[:64]

    def _keys(self, account: str, source: str) -> dict[str, str]:
        who, where = _normal(account), _normal(source)
        return {
            PAIR: self._key(PAIR, who, where),
            SOURCE: self._key(SOURCE, where),
            ACCOUNT: self._key(ACCOUNT, who),
        }

    def _device_key(self, account: str, device: str) -> str:
        return self._key(DEVICE, _normal(account), device)  # a token: case matters

    def _known(self, account: str, device: str | None, now: float) -> bool:
        if not device:
            return False
        since = now - self._device_memory
        return self._store.remembered(self._device_key(account, device), since)

    def check(self, account: str, source: str, device: str | None = None) -> Verdict:
        now = self._clock()
        keys = self._keys(account, source)
        if self._known(account, device, now):
            del keys[ACCOUNT]
        waits = [
            until - now
            for scope, key in keys.items()
            if (until := self._store.locked_until(scope, key)) is not None and until > now
        ]
        if not waits:
            return Verdict(allowed=True)
        return Verdict(allowed=False, retry_after=max(1, math.ceil(max(waits))))

    def record_failure(self, account: str, source: str, device: str | None = None) -> Verdict:
        now = self._clock()
        keys = self._keys(account, source)
        for scope, rule in self._locks.items():
            count = self._store.record_failure(scope, keys[scope], now, now - rule.window_seconds)
            if count >= rule.max_failures:
                self._store.lock(scope, keys[scope], now + rule.lockout_seconds)
        delay_rule = self._account_rule
        count = self._store.record_failure(
            ACCOUNT, keys[ACCOUNT], now, now - delay_rule.window_seconds
        )
        if delay := delay_rule.delay(count):
            # The failures stay: the next one doubles the wait.
            self._store.lock(ACCOUNT, keys[ACCOUNT], now + delay, forget=False)
        return self.check(account, source, device)

    def record_success(self, account: str, source: str, device: str | None = None) -> None:
        # The pair's count only: a good password must neither reset a source guessing at many
        # accounts, nor the account's count that guessers elsewhere built up.
        self._store.clear(PAIR, self._keys(account, source)[PAIR])
        if device:
            self._store.remember(self._device_key(account, device), self._clock())

    def prune(self) -> None:
        """Housekeeping for a timer: drop what no rule can look at any more."""
        longest = max(
            self._account_rule.window_seconds,
            self._account_rule.max_delay,
            *(max(r.window_seconds, r.lockout_seconds) for r in self._locks.values()),
        )
        now = self._clock()
        self._store.prune(now - longest, now - self._device_memory)


def _normal(value: str) -> str:
    return value.strip().casefold()


class MemoryAttemptStore:
    """Failures, locks and devices in dicts, for tests. Thread-safe."""

    def __init__(self) -> None:
        self._failures: dict[tuple[str, str], list[float]] = {}
        self._locks: dict[tuple[str, str], float] = {}
        self._devices: dict[str, float] = {}
        self._lock = threading.Lock()

    def record_failure(self, scope: str, key: str, at: float, since: float) -> int:
        with self._lock:
            times = self._failures.setdefault((scope, key), [])
            times.append(at)
            return sum(1 for t in times if t > since)

    def lock(self, scope: str, key: str, until: float, forget: bool = True) -> None:
        with self._lock:
            self._locks[scope, key] = until
            if forget:
                self._failures.pop((scope, key), None)

    def locked_until(self, scope: str, key: str) -> float | None:
        with self._lock:
            return self._locks.get((scope, key))

    def clear(self, scope: str, key: str) -> None:
        with self._lock:
            self._failures.pop((scope, key), None)

    def remember(self, key: str, at: float) -> None:
        with self._lock:
            self._devices[key] = at

    def remembered(self, key: str, since: float) -> bool:
        with self._lock:
            seen = self._devices.get(key)
        return seen is not None and seen >= since

    def prune(self, before: float, devices_before: float) -> None:
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
            for d, seen in list(self._devices.items()):
                if seen < devices_before:
                    del self._devices[d]
