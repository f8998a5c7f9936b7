"""Per-client rate limits through HTTP: hammering sign-in or sign-up from one client ends in
429 rate_limited with Retry-After. A platform of this module's own, since a limited client
would be refused by every later test."""

from __future__ import annotations

import pytest

from tests.e2e.platform import PASSWORD, Platform, assert_error

pytestmark = pytest.mark.rabbitmq

MOST_ATTEMPTS = 40  # bounded: the limits are far lower
SIGN_UPS_PER_HOUR = 5


@pytest.fixture(scope="module")
def platform_env() -> dict[str, str]:
    """The gateway's default limits, but for sign-up, lowered to keep the test short."""
    return {"QUARTIER_RATE_LIMITS": f"sign_up={SIGN_UPS_PER_HOUR}/3600"}


def test_hammering_sign_in_is_429_with_retry_after_even_for_the_right_password(
    platform: Platform,
) -> None:
    ada = platform.sign_up()
    wrong = {"email": ada.email, "password": "not the password"}
    refused = None
    for _ in range(MOST_ATTEMPTS):
        answer = platform.call("POST", "/sessions", json=wrong)
        if answer.status_code == 429:
            refused = answer
            break
        assert_error(answer, 401, {"unauthenticated", "invalid_credentials"})
    assert refused is not None, f"no 429 after {MOST_ATTEMPTS} failed sign-ins"
    assert_error(refused, 429, "rate_limited")
    assert int(refused.headers["Retry-After"]) >= 1

    right = platform.call("POST", "/sessions", json={"email": ada.email, "password": PASSWORD})
    assert_error(right, 429, "rate_limited")
    assert int(right.headers["Retry-After"]) >= 1


def test_hammering_sign_up_is_429_with_retry_after(platform: Platform) -> None:
    refused = None
    created = 0
    for _ in range(MOST_ATTEMPTS):
        body = {"email": platform.new_email(), "password": PASSWORD, "display_name": "Bot"}
        answer = platform.call("POST", "/residents", json=body)
        if answer.status_code == 429:
            refused = answer
            break
        assert answer.status_code == 201, f"sign up: {answer.status_code}"
        created += 1
    assert refused is not None, f"no 429 after {MOST_ATTEMPTS} sign-ups from one client"
    assert_error(refused, 429, "rate_limited")
    assert int(refused.headers["Retry-After"]) >= 1
    # The sign-in test's resident was the first sign-up of the window (unless the clock's hour,
    # the window, turned in between).
    assert SIGN_UPS_PER_HOUR - 1 <= created <= SIGN_UPS_PER_HOUR, f"{created} before a refusal"
