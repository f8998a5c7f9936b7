"""A request's access checks on SQLite and PostgreSQL: its session found and its rate limits
counted on one connection, one statement each, each committing alone; a refusal keeps what led
to it (an expired session deleted, the hit over the limit counted); hits commit lazily, a
session's change durably (docs/decisions/0052, 0055)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.gateway.access.checks import AccessChecks
from services.gateway.access.ratelimit import RESIDENT_READS, Limit, RateLimiter
from services.gateway.access.sessions import TOUCH_EVERY, Issued, SessionStore
from services.gateway.access.tables import GATEWAY, rate_counters, sessions
from services.gateway.http.errors import ApiError
from services.gateway.http.routing import Route
from services.subscriptions.database import create_all
from tests.contract.read_models import open_databases

IDLE, MAX_AGE = timedelta(days=14), timedelta(days=90)
BOARD = Route("GET", "/board", "The board.", 200, None)
SIGN_IN = Route("POST", "/sessions", "Sign in.", 201, None, auth=False, limit="sign_in")
LIMITS = {RESIDENT_READS: Limit(2, 3600), "sign_in": Limit(1, 3600)}
LAZY = "set_config"


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for open_one in open_databases(request.param, tmp_path):
        engine = open_one()
        create_all(engine, GATEWAY)
        yield engine


def checks(engine: Engine) -> AccessChecks:
    store = SessionStore(engine, IDLE, MAX_AGE)
    return AccessChecks(engine, store, RateLimiter(engine, LIMITS, b"k" * 32))


def signed_in(engine: Engine, at: datetime) -> Issued:
    return SessionStore(engine, IDLE, MAX_AGE).issue("8d9f3c1e-0000-4000-8000-000000000001", at)


def request(route: Route, token: str | None = None) -> Request:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Request(
        EnvironBuilder(method=route.method, path=route.path, headers=headers).get_environ()
    )


def hits(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.sum(rate_counters.c.hits))).scalar() or 0)


class Watched:
    """The checkouts of the engine's pool and the statements run, while watched."""

    def __init__(self, engine: Engine) -> None:
        self.checkouts = 0
        self.statements: list[str] = []
        sa.event.listen(engine.pool, "checkout", self._checkout)
        sa.event.listen(engine, "before_cursor_execute", self._statement)

    def _checkout(self, *_args: Any) -> None:
        self.checkouts += 1

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)


def test_a_signed_in_read_finds_its_session_and_counts_in_two_statements(engine: Engine) -> None:
    issued = signed_in(engine, datetime.now(UTC))
    watched = Watched(engine)
    session = checks(engine).admit(request(BOARD, issued.token), BOARD, "192.0.2.1")
    assert session is not None and session.token_hash == issued.session.token_hash
    assert watched.checkouts == 1
    assert len(watched.statements) == 2, watched.statements  # no BEGIN, no SET
    counted = watched.statements[-1]
    assert hits(engine) == 1
    assert (LAZY in counted) == (engine.dialect.name == "postgresql"), "hits commit lazily"


def test_a_session_renewed_by_a_read_commits_durably_and_the_hit_lazily(engine: Engine) -> None:
    issued = signed_in(engine, datetime.now(UTC) - TOUCH_EVERY - timedelta(seconds=1))
    watched = Watched(engine)
    assert checks(engine).admit(request(BOARD, issued.token), BOARD, "192.0.2.1") is not None
    assert watched.checkouts == 1
    renewed = [s for s in watched.statements if s.lstrip().upper().startswith("UPDATE")]
    assert len(renewed) == 1 and LAZY not in renewed[0]
    with engine.connect() as conn:
        seen = conn.execute(sa.select(sessions.c.last_seen_at)).scalar_one()
    assert seen.replace(tzinfo=seen.tzinfo or UTC) > issued.session.last_seen_at
    assert hits(engine) == 1


def test_a_lazy_commit_is_refused_inside_a_transaction(engine: Engine) -> None:
    limiter = RateLimiter(engine, LIMITS, b"k" * 32)
    with engine.begin() as conn, pytest.raises(ValueError, match="alone"):
        limiter.count(conn, RESIDENT_READS, "resident:1", time.time())


def test_an_expired_session_is_refused_and_deleted_and_nothing_counted(engine: Engine) -> None:
    issued = signed_in(engine, datetime.now(UTC) - IDLE - timedelta(minutes=1))
    with pytest.raises(ApiError) as refused:
        checks(engine).admit(request(BOARD, issued.token), BOARD, "192.0.2.1")
    assert refused.value.status == 401
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(sessions)).scalar() == 0
    assert hits(engine) == 0


def test_the_hit_over_the_limit_is_refused_and_stays_counted(engine: Engine) -> None:
    issued = signed_in(engine, datetime.now(UTC))
    gate = checks(engine)
    for _ in range(LIMITS[RESIDENT_READS].count):
        gate.admit(request(BOARD, issued.token), BOARD, "192.0.2.1")
    with pytest.raises(ApiError) as refused:
        gate.admit(request(BOARD, issued.token), BOARD, "192.0.2.1")
    assert refused.value.status == 429
    assert hits(engine) == LIMITS[RESIDENT_READS].count + 1


def test_a_route_without_a_session_counts_its_client_only(engine: Engine) -> None:
    gate = checks(engine)
    assert gate.admit(request(SIGN_IN), SIGN_IN, "192.0.2.1") is None
    with pytest.raises(ApiError) as refused:
        gate.admit(request(SIGN_IN), SIGN_IN, "192.0.2.1")
    assert refused.value.status == 429
    assert gate.admit(request(SIGN_IN), SIGN_IN, "192.0.2.2") is None
    assert hits(engine) == 3
