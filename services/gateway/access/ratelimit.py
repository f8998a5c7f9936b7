"""Per-client rate limits: fixed windows counted in the gateway's database, so that every
replica of the gateway counts against the same numbers.

A bucket allows `count` requests per client in each window of `seconds`; past that the client
waits for the next window (Retry-After). Counters are upserted in one statement (SQLite and
PostgreSQL both have INSERT .. ON CONFLICT .. RETURNING), so two replicas never lose a hit.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from services.gateway.access.tables import rate_counters
from services.subscriptions.database import alone, lazily


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


RESIDENT_READS = "resident_reads"
RESIDENT_WRITES = "resident_writes"
# Per client: sign_up: POST /residents; sign_in: POST /sessions; verification: letters, codes
# and proofs; posting: listings and messages (later contexts).
# password_reset: POST /password-resets, per client and (password_reset_address) per e-mail
# address, known or not; account_links: a link of an account's e-mail used (confirm, reset).
# Per resident (gate.py): every authenticated GET, and every other authenticated request.
DEFAULT_LIMITS: dict[str, Limit] = {
    "sign_up": Limit(20, 3600),
    "sign_in": Limit(30, 600),
    "verification": Limit(20, 3600),
    "posting": Limit(60, 3600),
    "password_reset": Limit(10, 3600),
    "password_reset_address": Limit(3, 3600),
    "account_links": Limit(30, 600),
    RESIDENT_READS: Limit(300, 60),
    RESIDENT_WRITES: Limit(60, 600),
}


def parse_limits(text: str) -> dict[str, Limit]:
    """'sign_in=20/600,sign_up=10/3600' -> {name: Limit}; a wrong entry names itself."""
    limits: dict[str, Limit] = {}
    for entry in filter(None, (e.strip() for e in text.split(","))):
        name, _, rule = entry.partition("=")
        count, _, seconds = rule.partition("/")
        if not (name.strip() and count.strip().isdigit() and seconds.strip().isdigit()):
            raise ValueError(f"QUARTIER_RATE_LIMITS: {entry!r} is not name=count/seconds")
        limit = Limit(int(count), int(seconds))
        if limit.count < 1 or limit.seconds < 1:
            raise ValueError(f"QUARTIER_RATE_LIMITS: {entry!r} needs a count and seconds above 0")
        limits[name.strip()] = limit
    return limits


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends; 0 when allowed


def window_start(now: float, limit: Limit) -> int:
    return int(now // limit.seconds) * limit.seconds


def verdict(hits: int, now: float, limit: Limit) -> Verdict:
    """The `hits`-th request of the window holding `now`."""
    if hits <= limit.count:
        return Verdict(True, 0)
    ends = window_start(now, limit) + limit.seconds
    return Verdict(False, max(1, math.ceil(ends - now)))


def client_key(secret: bytes, address: str) -> str:
    """A client's address (or a resident's id) is personal data: only its keyed hash is
    stored."""
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()


class RateLimiter:
    def __init__(self, engine: Engine, limits: dict[str, Limit], secret: bytes) -> None:
        self._engine = engine
        self._limits = limits
        self._secret = secret

    def hit(self, bucket: str, address: str, now: float) -> Verdict:
        """Count one request of `address` in `bucket`; whether it is allowed."""
        with self._engine.connect() as conn:
            return self.count(alone(conn), bucket, address, now)

    def count(self, conn: Connection, bucket: str, address: str, now: float) -> Verdict:
        """`hit` on the caller's connection, whose statements commit alone (`alone`)."""
        limit = self._limits[bucket]
        start = window_start(now, limit)
        key = {"bucket": bucket, "client": client_key(self._secret, address)}
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(rate_counters)
            .values(**key, window_start=start, hits=1)
            .on_conflict_do_update(
                index_elements=["bucket", "client", "window_start"],
                set_={"hits": rate_counters.c.hits + 1},
            )
            # Counted on every request, so its COMMIT does not wait for the disk: a crash may
            # forget the last few hits of a window, letting a client a few requests more.
            .returning(rate_counters.c.hits, *lazily(conn))
        )
        hits = int(conn.execute(statement).one()[0])
        return verdict(hits, now, limit)

    def sweep(self, now: float) -> int:
        """Forget windows that ended; how many counters went."""
        longest = max((limit.seconds for limit in self._limits.values()), default=0)
        with self._engine.begin() as conn:
            done = conn.execute(
                rate_counters.delete().where(rate_counters.c.window_start < now - longest)
            )
        return int(done.rowcount or 0)


__all__ = [
    "DEFAULT_LIMITS",
    "RESIDENT_READS",
    "RESIDENT_WRITES",
    "Limit",
    "RateLimiter",
    "Verdict",
    "parse_limits",
]
