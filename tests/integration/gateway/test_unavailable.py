"""A stopped service: the gateway answers 503 naming the capability within its RPC timeout,
stays up, and the request it gave up on is not run when the service comes back (the request
message expired in RabbitMQ)."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.support import eventually, free_port
from tests.support.platform_procs import environment, served
from tests.support.rabbit_node import queue_messages

pytestmark = pytest.mark.rabbitmq

TIMEOUT_SECONDS = 2.0


def test_a_stopped_service_is_503_in_time_and_the_abandoned_request_never_runs(
    amqp_uri: str, data_dir: Path, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    env = environment(
        data_dir,
        amqp_uri,
        QUARTIER_HTTP_ADDRESS=f"127.0.0.1:{port}",
        QUARTIER_RPC_TIMEOUT_SECONDS=str(TIMEOUT_SECONDS),
    )
    body = {
        "email": f"late-{uuid.uuid4().hex[:10]}@example.org",
        "password": "a long enough passphrase",
        "display_name": "Late",
    }
    with (
        served(["services.relay.service"], env, tmp_path / "relay.log"),
        served(["identity.service"], env, tmp_path / "identity.log") as identity,
        served(["services.gateway.service"], env, tmp_path / "gateway.log"),
    ):
        identity.kill()

        started = time.monotonic()
        answer = requests.post(f"{base}/residents", json=body, timeout=30)
        took = time.monotonic() - started
        assert answer.status_code == 503
        error = answer.json()["error"]
        assert error["code"] == "unavailable"
        assert "accounts" in error["message"].lower()
        assert "identity" not in error["message"].lower()
        assert int(answer.headers["Retry-After"]) >= 1
        assert TIMEOUT_SECONDS - 0.2 <= took < TIMEOUT_SECONDS + 2.0
        assert requests.get(f"{base}/openapi.json", timeout=30).status_code == 200

        identity.mark()
        identity.start()
        # Once identity answers a later request, whatever still sat in its queue was delivered
        # before it; once the queue holds nothing unacknowledged, each of those was answered.
        sign_in = {"email": body["email"], "password": body["password"]}
        eventually(
            lambda: requests.post(f"{base}/sessions", json=sign_in, timeout=30).status_code != 503,
            timeout=30,
            interval=0.2,
            what="identity answers again",
        )
        eventually(
            lambda: queue_messages(amqp_uri, "rpc-identity") == 0,
            timeout=30,
            interval=0.2,
            what="identity's request queue drained",
        )
        answer = requests.post(f"{base}/residents", json=body, timeout=30)
        # 409 email_taken would mean the abandoned registration ran when identity came back.
        assert answer.status_code == 201, answer.json().get("error", {}).get("code")
    log = (tmp_path / "gateway.log").read_text()
    assert " ERROR " not in log, log
