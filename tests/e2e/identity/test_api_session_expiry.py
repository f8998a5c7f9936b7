"""Sessions expire: with the gateway told that a session lasts three seconds, its bearer token
and its cookie are refused with 401 once they are over."""

from __future__ import annotations

import time

import pytest
import requests

from tests.support.answers import assert_error, expect
from tests.support.platform import Platform

pytestmark = pytest.mark.rabbitmq

LIFETIME_SECONDS = 3.0


@pytest.fixture(scope="module")
def platform_env() -> dict[str, str]:
    return {"QUARTIER_SESSION_MAX_DAYS": repr(LIFETIME_SECONDS / 86400)}


def test_an_expired_session_is_401(platform: Platform) -> None:
    ada = platform.sign_up()
    browser = requests.Session()
    platform.sign_in(ada, client=browser)
    signed_in = time.monotonic()
    expect(platform.call("GET", "/me", headers=ada.auth), 200, "a fresh bearer token")
    expect(platform.call("GET", "/me", client=browser), 200, "a fresh session cookie")

    # The lifetime must really pass on the gateway's own clock: this wait is what is tested.
    time.sleep(max(0.0, signed_in + LIFETIME_SECONDS + 0.5 - time.monotonic()))
    assert_error(platform.call("GET", "/me", headers=ada.auth), 401, "unauthenticated")
    assert_error(platform.call("GET", "/me", client=browser), 401, "unauthenticated")
    platform.sign_in(ada)
    expect(platform.call("GET", "/me", headers=ada.auth), 200, "a new session")
