"""Sessions: random bearer tokens, stored hashed, that expire and can be revoked.

A token is 256 random bits (secrets); the table keeps its SHA-256 only (a slow hash would add
nothing to a value nobody can guess). A session ends when unused for `idle` (renewed by use,
written at most once a minute) or `max_age` after sign-in, whichever comes first; and at
sign-out, password change and erasure (see revocations.py for the latter two coming from
elsewhere). Each session has a CSRF token too, required on cookie-authenticated writes.
See docs/decisions/0004-sessions.md.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from services.gateway.access.tables import session_spares, sessions
from services.subscriptions.columns import aware

TOKEN_BYTES = 32
TOUCH_EVERY = timedelta(minutes=1)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    token_hash: str
    csrf_hash: str
    resident_id: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime  # the absolute end
    position: str | None = None  # of the sign-in: the resident's own reads wait for it

    def ends_at(self, idle: timedelta) -> datetime:
        """When it ends unless used before."""
        return min(self.last_seen_at + idle, self.expires_at)

    def live(self, now: datetime, idle: timedelta) -> bool:
        return now < self.ends_at(idle)


@dataclass(frozen=True)
class Issued:
    """What a sign-in hands out: the only time the token and CSRF token exist in clear."""

    token: str
    csrf_token: str
    session: Session


def csrf_required(method: str, by_cookie: bool) -> bool:
    """Writes authenticated by the cookie alone need the CSRF token; a bearer token is never
    sent by a browser on its own, so a forged cross-site request cannot carry one."""
    return by_cookie and method.upper() not in SAFE_METHODS


def csrf_matches(session: Session, presented: str | None) -> bool:
    if not presented:
        return False
    return hmac.compare_digest(token_hash(presented), session.csrf_hash)


class SessionStore:
    def __init__(self, engine: Engine, idle: timedelta, max_age: timedelta) -> None:
        self._engine = engine
        self.idle = idle
        self.max_age = max_age

    def issue(self, resident_id: str, now: datetime, position: str | None = None) -> Issued:
        token, csrf = new_token(), new_token()
        session = Session(
            token_hash(token),
            token_hash(csrf),
            resident_id,
            now,
            now,
            now + self.max_age,
            position,
        )
        with self._engine.begin() as conn:
            conn.execute(sessions.insert().values(**_row(session)))
        return Issued(token, csrf, session)

    def find(self, token: str, now: datetime) -> Session | None:
        """The live session of `token`, its use noted; None (and the row gone) once expired."""
        with self._engine.begin() as conn:
            return self.look_up(conn, token, now)

    def look_up(self, conn: Connection, token: str, now: datetime) -> Session | None:
        """`find` on the caller's connection, in a transaction or with each statement
        committing alone (`alone`): the delete and the renewal that may follow the read hold
        whatever another request or replica did in between."""
        key = token_hash(token)
        row = conn.execute(sessions.select().where(sessions.c.token_hash == key)).first()
        if row is None:
            return None
        found = _session(row._mapping)
        if not found.live(now, self.idle):
            conn.execute(sessions.delete().where(sessions.c.token_hash == key))
            return None
        if now - found.last_seen_at < TOUCH_EVERY:
            return found
        conn.execute(sessions.update().where(sessions.c.token_hash == key).values(last_seen_at=now))
        return Session(**{**found.__dict__, "last_seen_at": now})

    def revoke(self, session: Session) -> None:
        with self._engine.begin() as conn:
            conn.execute(sessions.delete().where(sessions.c.token_hash == session.token_hash))

    def revoke_resident(self, resident_id: str, keep: Session | None = None) -> int:
        """End every session of the resident (but `keep`); how many ended."""
        condition = sessions.c.resident_id == resident_id
        if keep is not None:
            condition = sa.and_(condition, sessions.c.token_hash != keep.token_hash)
        with self._engine.begin() as conn:
            return int(conn.execute(sessions.delete().where(condition)).rowcount or 0)

    def spare(self, session: Session, correlation_id: str) -> None:
        """The revocation caused by the request `correlation_id` leaves this session alone."""
        with self._engine.begin() as conn:
            conn.execute(
                session_spares.insert().values(
                    token_hash=session.token_hash, correlation=correlation_id
                )
            )

    def unspare(self, session: Session, correlation_id: str) -> None:
        """The request `correlation_id` changed nothing: no revocation will come to use it."""
        s = session_spares
        with self._engine.begin() as conn:
            conn.execute(
                s.delete().where(
                    s.c.token_hash == session.token_hash, s.c.correlation == correlation_id
                )
            )

    def sweep(self, now: datetime) -> int:
        """Delete expired sessions, and the spares of sessions gone; how many sessions went."""
        condition = sa.or_(sessions.c.expires_at <= now, sessions.c.last_seen_at <= now - self.idle)
        orphan = ~sa.exists().where(sessions.c.token_hash == session_spares.c.token_hash)
        with self._engine.begin() as conn:
            swept = int(conn.execute(sessions.delete().where(condition)).rowcount or 0)
            conn.execute(session_spares.delete().where(orphan))
        return swept


def _row(session: Session) -> dict[str, Any]:
    return dict(session.__dict__)


def _session(row: Any) -> Session:
    return Session(
        token_hash=row["token_hash"],
        csrf_hash=row["csrf_hash"],
        resident_id=row["resident_id"],
        created_at=aware(row["created_at"]),
        last_seen_at=aware(row["last_seen_at"]),
        expires_at=aware(row["expires_at"]),
        position=row["position"],
    )
