"""What each request is checked against before its worker runs: the caller's session (bearer
token or cookie), the CSRF rule, and its rate limits.

Beside a route's own per-client bucket, every authenticated request counts in its resident's
bucket: RESIDENT_READS for GET, RESIDENT_WRITES for the rest (each write may record an event
forever). Ending a session or an account is never throttled: a resident can always leave.

The session's lookup and the request's counts run on one connection, each statement committing
alone (docs/decisions/0055): they ran as separate transactions before, each is atomic by itself,
and a transaction around them would add a BEGIN and a COMMIT, each a round trip to the gateway's
database on every request.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from sqlalchemy.engine import Connection, Engine
from werkzeug.wrappers import Request

from services.gateway.access.idempotency import WRITES
from services.gateway.access.ratelimit import RESIDENT_READS, RESIDENT_WRITES, RateLimiter
from services.gateway.access.sessions import Session, SessionStore, csrf_matches, csrf_required
from services.gateway.http.errors import csrf_failed, rate_limited, unauthenticated
from services.gateway.http.routing import Route
from services.runtime.connections import again_if_dropped
from services.subscriptions.database import alone

SESSION_COOKIE = "quartier_session"
CSRF_COOKIE = "quartier_csrf"
CSRF_HEADER = "X-CSRF-Token"
UNTHROTTLED = frozenset({("DELETE", "/sessions/current"), ("DELETE", "/me")})


class AccessChecks:
    def __init__(self, engine: Engine, sessions: SessionStore, limiter: RateLimiter) -> None:
        self._engine = engine
        self.sessions = sessions
        self.limiter = limiter

    def admit(self, request: Request, route: Route, client: str) -> Session | None:
        """The caller's session if the route needs one; raises 401, 403 or 429."""
        if not route.auth and route.limit is None:
            return None
        return again_if_dropped(lambda: self._admit(request, route, client))

    def _admit(self, request: Request, route: Route, client: str) -> Session | None:
        now = time.time()
        with self._engine.connect() as conn:
            conn = alone(conn)
            session = self._identify(conn, request) if route.auth else None
            if route.limit is not None:
                self._count(conn, route.limit, client, now)
            if session is not None and (route.method, route.path) not in UNTHROTTLED:
                bucket = RESIDENT_WRITES if route.method in WRITES else RESIDENT_READS
                self._count(conn, bucket, f"resident:{session.resident_id}", now)
        return session

    def _count(self, conn: Connection, bucket: str, who: str, now: float) -> None:
        verdict = self.limiter.count(conn, bucket, who, now)
        if not verdict.allowed:
            raise rate_limited(verdict.retry_after)

    def _identify(self, conn: Connection, request: Request) -> Session:
        scheme, _, bearer = request.headers.get("Authorization", "").partition(" ")
        by_cookie = not (scheme.lower() == "bearer" and bearer.strip())
        token = request.cookies.get(SESSION_COOKIE, "") if by_cookie else bearer.strip()
        found = self.sessions.look_up(conn, token, datetime.now(UTC)) if token else None
        if found is None:
            raise unauthenticated()
        if csrf_required(request.method, by_cookie) and not csrf_matches(
            found, request.headers.get(CSRF_HEADER)
        ):
            raise csrf_failed()
        return found
