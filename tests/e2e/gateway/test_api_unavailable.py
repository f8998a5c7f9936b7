"""A service down behind the gateway: the gateway stays up, answers 503 within seconds naming the
capability (never the service), and a request it gave up on does not take effect later, once
the service is back."""

from __future__ import annotations

import time

import pytest

from tests.support import eventually
from tests.support.answers import assert_error, expect
from tests.support.platform import PASSWORD, Platform
from tests.support.rabbit_node import queue_messages

pytestmark = pytest.mark.rabbitmq

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
