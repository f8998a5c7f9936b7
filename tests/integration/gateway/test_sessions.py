"""Sessions end when identity says so, wherever the change was made: the gateway's subscriber
revokes them on identity.PasswordChanged and identity.ResidentErased arriving through the log.
Relay, identity and gateway run as `make run` runs them (one `serve` process each), on a RabbitMQ
vhost of the test's own, with the event store and read models on PostgreSQL."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from nameko.standalone.rpc import ClusterRpcProxy

from services.eventstore.model import Position
from tests.conftest import PG_BASE, read_prefix
from tests.integration.calls import PASSWORD
from tests.support import eventually, free_port
from tests.support.platform_procs import served

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]

NEW_PASSWORD = "another long enough passphrase"
WAIT_SECONDS = 15.0


class Gateway:
    def __init__(self, port: int, read_schema: str) -> None:
        self.base = f"http://127.0.0.1:{port}/api/v1"
        self.read_schema = read_schema

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.request(method, self.base + path, headers=headers, timeout=30, **kw)

    def sign_up(self) -> tuple[str, str]:
        email = f"r-{uuid.uuid4().hex[:12]}@example.org"
        body = {"email": email, "password": PASSWORD, "display_name": "Resident"}
        answer = self.call("POST", "/residents", json=body)
        assert answer.status_code == 201, answer.status_code
        return email, answer.json()["resident_id"]

    def sign_in(self, email: str, password: str = PASSWORD) -> str:
        answer = self.call("POST", "/sessions", json={"email": email, "password": password})
        assert answer.status_code == 201, answer.status_code
        token: str = answer.json()["token"]
        return token

    def status(self, token: str) -> int:
        return int(self.call("GET", "/me", token).status_code)

    def applied(self) -> Position | None:
        """Where the gateway's revocation subscriber stands in the log."""
        found = self._scalar("SELECT position FROM subscriptions WHERE status = 'active'")
        return None if found is None else Position.parse(found, 2)

    def wait_applied(self, position: Position, what: str) -> None:
        """Until the revocation subscriber has applied the event at `position`."""
        eventually(
            lambda: (self.applied() or Position((0, 0))) >= position,
            what=what,
            timeout=WAIT_SECONDS,
        )

    def sessions_of(self, resident_id: str) -> int:
        """How many sessions the gateway's database holds for the resident."""
        query = "SELECT count(*) FROM gateway_sessions WHERE resident_id = :r"
        return int(self._scalar(query, r=resident_id))

    def _scalar(self, query: str, **params: Any) -> Any:
        engine = sa.create_engine(
            PG_BASE.replace("postgresql://", "postgresql+psycopg://"),
            connect_args={"options": f"-csearch_path={self.read_schema}"},
        )
        try:
            with engine.connect() as conn:
                return conn.execute(sa.text(query), params).scalar()
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def platform(
    module_amqp_uri: str,
    module_services_env: dict[str, str],
    module_logs: Path,
    module_databases: tuple[str, str],
) -> Iterator[tuple[Gateway, Any]]:
    """Shared by the module's tests (tests/integration/conftest.py): each signs up its own."""
    amqp_uri, tmp_path, (_, read) = module_amqp_uri, module_logs, module_databases
    port = free_port()
    env = {**module_services_env, "QUARTIER_HTTP_ADDRESS": f"127.0.0.1:{port}"}
    with (
        served(["services.relay.service"], env, tmp_path / "relay.log"),
        served(["identity.service"], env, tmp_path / "identity.log"),
        served(["services.gateway.service"], env, tmp_path / "gateway.log"),
        ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30) as cluster,
    ):
        yield Gateway(port, f"{read_prefix(read)}_gateway"), cluster.identity
    log = (tmp_path / "gateway.log").read_text()
    assert " ERROR " not in log, log


def test_a_password_changed_elsewhere_ends_every_session_started_before(
    platform: tuple[Gateway, Any],
) -> None:
    gateway, identity = platform
    email, rid = gateway.sign_up()
    first, second = gateway.sign_in(email), gateway.sign_in(email)
    assert (gateway.status(first), gateway.status(second)) == (200, 200)

    # As another replica or the ops command line would: straight to identity, not through us.
    identity.change_password(str(uuid.uuid4()), rid, PASSWORD, NEW_PASSWORD, "198.51.100.7")

    eventually(
        lambda: gateway.status(first) == 401, what="the first session revoked", timeout=WAIT_SECONDS
    )
    assert gateway.status(second) == 401
    after = gateway.sign_in(email, NEW_PASSWORD)
    assert gateway.status(after) == 200


def test_an_erasure_elsewhere_ends_every_session(platform: tuple[Gateway, Any]) -> None:
    gateway, identity = platform
    email, rid = gateway.sign_up()
    token = gateway.sign_in(email)
    _, other_rid = gateway.sign_up()
    assert gateway.status(token) == 200

    identity.erase(str(uuid.uuid4()), rid, "system:ops.test")

    # Looked at in the table: a request would revoke it itself on finding the resident erased.
    eventually(
        lambda: gateway.sessions_of(rid) == 0,
        what="the erased resident's session revoked",
        timeout=WAIT_SECONDS,
    )
    assert gateway.status(token) == 401
    assert (
        gateway.call("POST", "/sessions", json={"email": email, "password": PASSWORD}).status_code
        == 401
    )
    assert other_rid != rid


def test_a_password_changed_here_keeps_the_session_it_was_changed_with(
    platform: tuple[Gateway, Any],
) -> None:
    gateway, _ = platform
    email, _ = gateway.sign_up()
    kept, other = gateway.sign_in(email), gateway.sign_in(email)

    answer = gateway.call(
        "PUT", "/me/password", kept, json={"current": PASSWORD, "new": NEW_PASSWORD}
    )
    assert answer.status_code == 200, answer.status_code
    changed = Position.parse(answer.json()["position"], 2)
    assert gateway.status(other) == 401

    # Once the subscriber has applied the change's own event, the session it came from stands.
    gateway.wait_applied(changed, "the event applied")
    assert gateway.status(kept) == 200


def test_two_quick_password_changes_keep_the_session_they_were_made_with(
    platform: tuple[Gateway, Any],
) -> None:
    gateway, _ = platform
    email, _ = gateway.sign_up()
    kept, other = gateway.sign_in(email), gateway.sign_in(email)

    passwords = [PASSWORD, NEW_PASSWORD, "a third long enough passphrase"]
    changed = Position((0, 0))
    for current, new in itertools.pairwise(passwords):
        body = {"current": current, "new": new}
        answer = gateway.call("PUT", "/me/password", kept, json=body)
        assert answer.status_code == 200, answer.status_code
        changed = Position.parse(answer.json()["position"], 2)
    assert gateway.status(other) == 401

    # Once the subscriber has applied both changes' events, the session they came from stands.
    gateway.wait_applied(changed, "both events applied")
    assert gateway.status(kept) == 200
