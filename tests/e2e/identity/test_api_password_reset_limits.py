"""How often "forgot my password" may be asked, over HTTP against the whole platform: per e-mail
address (known to the platform or not, alike) and per client. Clients are told apart by
X-Forwarded-For, the gateway trusting this machine as its proxy."""

from __future__ import annotations

import pytest
import requests

from tests.support.answers import assert_error, expect
from tests.support.platform import GENEROUS_LIMITS, Platform

pytestmark = pytest.mark.rabbitmq

PER_ADDRESS, PER_CLIENT = 2, 4


@pytest.fixture(scope="module")
def platform_env() -> dict[str, str]:
    return {
        "QUARTIER_RATE_LIMITS": f"{GENEROUS_LIMITS},password_reset_address={PER_ADDRESS}/3600,"
        f"password_reset={PER_CLIENT}/3600",
        "QUARTIER_TRUSTED_PROXIES": "127.0.0.1",
    }


def ask(platform: Platform, email: str, client: str) -> requests.Response:
    return platform.call(
        "POST", "/password-resets", json={"email": email}, headers={"X-Forwarded-For": client}
    )


def test_an_address_gets_so_many_links_an_hour_whether_it_has_an_account_or_not(
    platform: Platform,
) -> None:
    known, unknown = platform.sign_up("Ada").email, platform.new_email("nobody")
    for email, client in ((known, "203.0.113.1"), (unknown, "203.0.113.2")):
        for _ in range(PER_ADDRESS):
            expect(ask(platform, email, client), 202, "within the address's limit")
    # From yet another client: the address is what is counted.
    for email in (known, unknown):
        refused = ask(platform, email, "203.0.113.3")
        assert_error(refused, 429, "rate_limited")
        assert int(refused.headers["Retry-After"]) > 0


def test_a_client_asks_so_many_times_an_hour_whatever_the_addresses(platform: Platform) -> None:
    client = "198.51.100.7"
    for _ in range(PER_CLIENT):
        expect(ask(platform, platform.new_email(), client), 202, "within the client's limit")
    assert_error(ask(platform, platform.new_email(), client), 429, "rate_limited")
    expect(ask(platform, platform.new_email(), "198.51.100.8"), 202, "another client")
