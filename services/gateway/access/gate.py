"""Who is calling: the client's address, their session (bearer token or cookie), the CSRF rule,
and the cookies a sign-in sets. `Gate` holds the session store, the rate limiter and the
waiting reads (reads.py) of one gateway container, on the gateway's own database (the
Platform's read-model engine) and the event log.

What each request is checked against (its session, CSRF, its rate limits) is checks.py."""

from __future__ import annotations

import re
from typing import Any

from nameko.extensions import DependencyProvider, SharedExtension
from werkzeug.wrappers import Request

from services.gateway.access.checks import CSRF_COOKIE, SESSION_COOKIE, AccessChecks
from services.gateway.access.proxies import TrustedProxies
from services.gateway.access.ratelimit import RateLimiter, client_key
from services.gateway.access.reads import WaitingReads
from services.gateway.access.sessions import Issued, Session, SessionStore
from services.gateway.access.tables import GATEWAY
from services.gateway.http.routing import Cookie, Route
from services.gateway.settings import GatewaySettings, gateway_settings
from services.runtime.keys import derived_key, root_key
from services.runtime.platform import Platform
from services.subscriptions.database import create_all

# A browser's own random token, set at its first sign-in and kept across sign-outs: identity
# remembers (a keyed hash of) it per account, and spares it the wait that failed sign-ins
# from elsewhere put on the account (identity/ratelimit.py, docs/decisions/0009).
DEVICE_COOKIE = "quartier_device"
DEVICE_MAX_AGE = 180 * 24 * 3600
DEVICE_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


class Gate(SharedExtension):
    platform = Platform()

    def setup(self) -> None:
        engine = self.platform.engine()
        create_all(engine, GATEWAY)
        self.settings: GatewaySettings = gateway_settings(self.container.config)
        self.sessions = SessionStore(engine, self.settings.session_idle, self.settings.session_max)
        secret = derived_key(root_key(self.platform.settings), "gateway.rate-limits")
        self.limiter = RateLimiter(engine, dict(self.settings.limits), secret)
        self._client_secret = secret
        self.checks = AccessChecks(engine, self.sessions, self.limiter)
        self.reads = WaitingReads(self.platform.store)

    def client(self, request: Request) -> str:
        return client_address(
            request.remote_addr or "",
            request.headers.get("X-Forwarded-For", ""),
            self.settings.trusted_proxies,
        )

    def device(self, request: Request) -> str | None:
        """The browser's device token, if it sent a well-formed one."""
        return device_token(request.cookies.get(DEVICE_COOKIE, ""))

    def device_cookie(self, token: str) -> Cookie:
        return Cookie(
            DEVICE_COOKIE, token, DEVICE_MAX_AGE, http_only=True, secure=self.settings.cookie_secure
        )

    def caller(self, session: Session | None, client: str) -> str:
        """Who asks, for idempotency keys: the resident, else the client's address as the
        rate limiter keys it (an address is personal data: only its keyed hash is used)."""
        if session is not None:
            return f"resident:{session.resident_id}"
        return f"client:{client_key(self._client_secret, client)}"

    def admit(self, request: Request, route: Route, client: str) -> Session | None:
        """The caller's session if the route needs one; raises 401, 403 or 429."""
        return self.checks.admit(request, route, client)

    def session_cookies(self, issued: Issued) -> list[Cookie]:
        age = int(self.settings.session_max.total_seconds())
        secure = self.settings.cookie_secure
        return [
            Cookie(SESSION_COOKIE, issued.token, age, http_only=True, secure=secure),
            Cookie(CSRF_COOKIE, issued.csrf_token, age, http_only=False, secure=secure),
        ]

    def cleared_cookies(self) -> list[Cookie]:
        secure = self.settings.cookie_secure
        return [
            Cookie(SESSION_COOKIE, "", 0, http_only=True, secure=secure),
            Cookie(CSRF_COOKIE, "", 0, http_only=False, secure=secure),
        ]


def device_token(cookie: str) -> str | None:
    """The device cookie's token, or None (a new one is made) when it is not one of ours."""
    return cookie if DEVICE_TOKEN.fullmatch(cookie) else None


def client_address(peer: str, forwarded_for: str, trusted: TrustedProxies) -> str:
    """The client's address: the peer's, unless the peer is a trusted proxy; then the last
    address of X-Forwarded-For that is not one of ours (a client can write any address in
    the header, but not past our own proxies)."""
    if peer not in trusted or not forwarded_for.strip():
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return hops[0] if hops else peer


class Access(DependencyProvider):
    """The Gate, for workers: sign-in issues a session, sign-out and others revoke."""

    gate = Gate()

    def get_dependency(self, worker_ctx: Any) -> Gate:
        return self.gate
