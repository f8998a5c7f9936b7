"""A service down behind the gateway: the gateway stays up, answers 503 within seconds naming the
capability (never the service), and a request it gave up on does not take effect later, once
the service is back. Its probes say so too: /healthz stays 200, /readyz turns 503 naming the
capability, and the service's own probe command exits 1."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests

from tests.support import eventually
from tests.support.answers import assert_error, expect
from tests.support.platform import PASSWORD, TIMEOUT, Platform
from tests.support.platform_procs import ROOT, environment
from tests.support.rabbit_node import binding_removed, consumed_queues, queue_messages

pytestmark = pytest.mark.rabbitmq
# It stops services and counts what the broker holds for them: a platform of its own.
OWN_PLATFORM = True

FEW_SECONDS = 15.0


def test_with_identity_down_accounts_are_503_and_an_abandoned_sign_up_never_happens(
    platform: Platform,
) -> None:
    ada = platform.signed_in()
    abandoned = {"email": platform.new_email(), "password": PASSWORD, "display_name": "Zoe"}
    platform.stop("identity")
    try:
        started = time.monotonic()
        answer = platform.call("POST", "/residents", json=abandoned)
        waited = time.monotonic() - started
        error = assert_error(answer, 503, "unavailable")
        assert waited < FEW_SECONDS, f"the gateway waited {waited:.1f} s"
        assert int(answer.headers["Retry-After"]) >= 1
        assert "unavailable" in error["message"]

        assert_error(platform.call("GET", "/me", headers=ada.auth), 503, "unavailable")
        expect(platform.call("GET", "/openapi.json"), 200, "the gateway itself stays up")
    finally:
        platform.start("identity")

    # Had the gateway's call waited in the broker, the restarted service would take it before
    # any later request; once a later one is answered and identity's queue holds nothing
    # unacknowledged, it would have run. Only then sign up with the same e-mail.
    expect(platform.call("GET", "/me", headers=ada.auth), 200, "accounts are back")
    eventually(
        lambda: queue_messages(platform.amqp_uri, "rpc-identity") == 0,
        timeout=FEW_SECONDS,
        interval=0.2,
        what="identity's request queue drained",
    )
    again = platform.call("POST", "/residents", json=abandoned)
    expect(again, 201, "signing up with the e-mail of the abandoned sign-up")


def probe(platform: Platform, service: str) -> int:
    """The exit status of the probe command Kubernetes runs in `service`'s container."""
    command = [sys.executable, "-m", "services.runtime.health", service, "--timeout", "5"]
    env = environment(platform.data_dir, platform.amqp_uri)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=120)
    return done.returncode


def readiness(platform: Platform) -> requests.Response:
    return requests.get(f"{platform.base_url}/readyz", timeout=TIMEOUT)


def test_probes_are_ready_then_name_the_capability_of_a_stopped_service(
    platform: Platform,
) -> None:
    alive = requests.get(f"{platform.base_url}/healthz", timeout=TIMEOUT)
    expect(alive, 200, "liveness")
    assert alive.json() == {"status": "alive"}
    ready = eventually(
        lambda: (r := readiness(platform)).status_code == 200 and r,
        timeout=60,
        interval=0.5,
        what="GET /readyz answering 200",
    )
    assert ready.json()["unavailable"] == []
    assert probe(platform, "listings") == 0, "the listings probe says ready"

    platform.stop("matching")
    try:
        answer = readiness(platform)
        expect(answer, 503, "readiness with matching stopped")
        assert answer.json()["unavailable"] == ["matches"]
        assert {c["name"] for c in answer.json()["checks"] if not c["ok"]} == {"matching"}
        expect(requests.get(f"{platform.base_url}/healthz", timeout=TIMEOUT), 200, "liveness")
        assert probe(platform, "matching") == 1, "the matching probe says not ready"
    finally:
        platform.start("matching")


def gateway_ready(platform: Platform) -> requests.Response:
    return requests.get(f"{platform.base_url}/readyz?scope=gateway", timeout=TIMEOUT)


def test_a_gateway_that_hears_no_answers_is_not_ready_until_it_hears_again(
    platform: Platform,
) -> None:
    # The reply queue's binding gone while its consumer stays: what a node's cleanup did to a
    # gateway in the cluster (docs/decisions/0051, 0054). The process and its own store are fine.
    eventually(
        lambda: gateway_ready(platform).status_code == 200,
        timeout=60,
        interval=0.5,
        what="the gateway's own readiness answering 200",
    )
    (queue,) = consumed_queues(platform.amqp_uri, "rpc.reply-gateway-")
    routing_key = queue.removeprefix("rpc.reply-gateway-")
    with binding_removed(platform.amqp_uri, "nameko-rpc", queue, routing_key):
        deaf = gateway_ready(platform)
        expect(deaf, 503, "the gateway's readiness with its reply queue unbound")
        assert [c["name"] for c in deaf.json()["checks"] if not c["ok"]] == ["gateway.replies"]
        assert deaf.json()["unavailable"] == ["gateway"]
        expect(requests.get(f"{platform.base_url}/healthz", timeout=TIMEOUT), 200, "liveness")
    eventually(
        lambda: gateway_ready(platform).status_code == 200,
        timeout=60,
        interval=0.5,
        what="the gateway's own readiness answering 200 once it hears again",
    )
