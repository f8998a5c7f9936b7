"""Failed sign-ins slow the guesser, never lock the owner out: through HTTP, from several
loopback source addresses (127.0.0.0/8 all reach the gateway on 127.0.0.1), each one a client
of its own as the gateway sees it. And erasing an account asks for its password again."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import requests

from tests.support.answers import assert_error, expect
from tests.support.clients import client_from
from tests.support.platform import Platform, Resident

pytestmark = pytest.mark.rabbitmq

WRONG = "not the password at all"
# Every test takes addresses of its own, so that no test's failures throttle another's.
_hosts = itertools.count(10)


def browser() -> requests.Session:
    """A client (with its own cookie jar) at a loopback address no other test uses."""
    return client_from(f"127.0.0.{next(_hosts)}")


def sign_in(platform: Platform, client: requests.Session, email: str, password: str) -> Any:
    return platform.call(
        "POST", "/sessions", client=client, json={"email": email, "password": password}
    )


def test_failures_from_many_addresses_never_keep_out_a_browser_that_signed_in_before(
    platform: Platform,
) -> None:
    ada = platform.sign_up()
    laptop = browser()
    first = sign_in(platform, laptop, ada.email, ada.password)
    expect(first, 201, "first sign-in")
    signed_out = platform.call(
        "DELETE",
        "/sessions/current",
        client=laptop,
        headers={"X-CSRF-Token": first.json()["csrf_token"]},
    )
    expect(signed_out, 204, "sign out")

    for _ in range(6):
        guess = sign_in(platform, browser(), ada.email, WRONG)
        assert guess.status_code in (401, 429), guess.status_code

    again = sign_in(platform, laptop, ada.email, ada.password)
    expect(again, 201, "the owner's browser after failures from six addresses")
    # What let it in: a device cookie the page cannot read, kept after signing out.
    device = next((c for c in laptop.cookies if c.name == "quartier_device"), None)
    assert device is not None and device.expires is not None, "no lasting device cookie"
    assert device.has_nonstandard_attr("HttpOnly")
    # A browser never used for this account waits a little, not a quarter of an hour.
    stranger = sign_in(platform, browser(), ada.email, ada.password)
    if stranger.status_code != 201:
        assert_error(stranger, 429, "rate_limited")
        assert 1 <= int(stranger.headers["Retry-After"]) <= 8


def test_a_guesser_at_one_account_from_one_address_is_refused_with_retry_after(
    platform: Platform,
) -> None:
    ada = platform.sign_up()
    laptop = browser()
    expect(sign_in(platform, laptop, ada.email, ada.password), 201, "the owner's sign-in")
    guesser = browser()
    for _ in range(5):
        assert_error(sign_in(platform, guesser, ada.email, WRONG), 401, "invalid_credentials")
    refused = sign_in(platform, guesser, ada.email, ada.password)
    assert_error(refused, 429, "rate_limited")
    assert int(refused.headers["Retry-After"]) >= 60
    expect(sign_in(platform, laptop, ada.email, ada.password), 201, "the owner meanwhile")


def signed_in_at(platform: Platform, client: requests.Session) -> Resident:
    resident = platform.sign_up()
    return platform.sign_in(resident, client=client)


def test_erasure_asks_for_the_password_and_a_wrong_one_erases_nothing(
    platform: Platform,
) -> None:
    client = browser()
    ivy = signed_in_at(platform, client)
    missing = platform.call("DELETE", "/me", headers=ivy.auth, json={})
    assert_error(missing, 422, "validation_failed", {"password"})
    wrong = platform.call("DELETE", "/me", headers=ivy.auth, json={"password": WRONG})
    assert_error(wrong, 422, "current_password_wrong", {"password"})
    expect(platform.call("GET", "/me", headers=ivy.auth), 200, "not erased")

    erased = platform.call("DELETE", "/me", headers=ivy.auth, json={"password": ivy.password})
    expect(erased, 202, "erase with the password")
    assert_error(platform.call("GET", "/me", headers=ivy.auth), 401, "unauthenticated")


def test_wrong_passwords_at_erasure_count_as_failed_sign_ins(platform: Platform) -> None:
    client = browser()
    ivy = signed_in_at(platform, client)
    for _ in range(5):
        answer = platform.call(
            "DELETE", "/me", client=client, headers={**ivy.auth}, json={"password": WRONG}
        )
        assert_error(answer, 422, "current_password_wrong")
    refused = platform.call(
        "DELETE", "/me", client=client, headers=ivy.auth, json={"password": ivy.password}
    )
    assert_error(refused, 429, "rate_limited")
    assert int(refused.headers["Retry-After"]) >= 60
    expect(platform.call("GET", "/me", headers=ivy.auth), 200, "not erased")
