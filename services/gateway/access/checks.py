"""What each request is checked against before its worker runs: the caller's session (bearer
token or cookie), the CSRF rule, and its rate limits.

Beside a route's own per-client bucket, every authenticated request counts in its resident's
bucket: RESIDENT_READS for GET, RESIDENT_WRITES for the rest (each write may record an event
forever). Ending a session or an account is never throttled: a resident can always leave.

The session's lookup and the request's counts run on one connection, in one transaction
(docs/decisions/0055): each checkout and each commit is a round trip to the gateway's database,
and these run on every request.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from sqlalchemy.engine import Connection, Engine
from werkzeug.wrappers import Request

from services.gateway.access.idempotency import WRITES
from services.gateway.access.ratelimit import RESIDENT_READS, RESIDENT_WRITES, RateLimiter
from services.gateway.access.sessions import Session, SessionStore, csrf_matches, csrf_required
from services.gateway.http.errors import ApiError, csrf_failed, rate_limited, unauthenticated
from services.gateway.http.routing import Route
from services.runtime.connections import again_if_dropped
from services.subscriptions.database import commit_lazily, writing

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
        session, refusal = again_if_dropped(lambda: self._checked(request, route, client))
        if refusal is not None:
            raise refusal
        return session

    def _checked(
        self, request: Request, route: Route, client: str
    ) -> tuple[Session | None, ApiError | None]:
        # A refusal is returned, not raised, so that what led to it commits: an expired
        # session deleted, the hit that went over the limit counted.
        now = time.time()
        with writing(self._engine) as conn, conn.begin():
            session, wrote = None, False
            if route.auth:
                found, wrote = self._identify(conn, request)
                if isinstance(found, ApiError):
                    return None, found
                session = found
            counts = [] if route.limit is None else [(route.limit, client)]
            if session is not None and (route.method, route.path) not in UNTHROTTLED:
                bucket = RESIDENT_WRITES if route.method in WRITES else RESIDENT_READS
                counts.append((bucket, f"resident:{session.resident_id}"))
            if counts and not wrote:
                # Hits alone need not wait for the disk (0052); a session's change does.
                commit_lazily(conn)
            for bucket, who in counts:
                verdict = self.limiter.count(conn, bucket, who, now)
                if not verdict.allowed:
                    return session, rate_limited(verdict.retry_after)
        return session, None

    def _identify(self, conn: Connection, request: Request) -> tuple[Session | ApiError, bool]:
        """The caller's session, or the refusal to answer (401, 403); and whether the
        session's row was written."""
        scheme, _, bearer = request.headers.get("Authorization", "").partition(" ")
        by_cookie = not (scheme.lower() == "bearer" and bearer.strip())
        token = request.cookies.get(SESSION_COOKIE, "") if by_cookie else bearer.strip()
        found, wrote = (None, False)
        if token:
            found, wrote = self.sessions.look_up(conn, token, datetime.now(UTC))
        if found is None:
            return unauthenticated(), wrote
        if csrf_required(request.method, by_cookie) and not csrf_matches(
            found, request.headers.get(CSRF_HEADER)
        ):
            return csrf_failed(), wrote
        return found, wrote
