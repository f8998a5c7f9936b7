"""Rate limits through HTTP: hammering sign-in or sign-up from one client ends in 429
rate_limited with Retry-After; so do a resident's writes and reads past their own buckets,
whichever client they come from, and reads waiting for `after` past two at once. A platform of
this module's own, since a limited client would be refused by every later test.

The per-resident tests call from another loopback address (127.0.0.2) than the per-client
ones (127.0.0.1): the gateway counts each peer address as a client of its own, so that their
sign-ups do not eat into the sign-up bucket under test."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.support.answers import assert_error, expect
from tests.support.clients import client_from
from tests.support.platform import PASSWORD, Platform, Resident

pytestmark = pytest.mark.rabbitmq

MOST_ATTEMPTS = 40  # bounded: the limits are far lower
SIGN_UPS_PER_HOUR = 5
WRITES_PER_HOUR = 5
READS_PER_HOUR = 8
OTHER_CLIENT = "127.0.0.2"
PROFILE_CHANGED = "identity.ProfileChanged"


@pytest.fixture(scope="module")
def platform_env() -> dict[str, str]:
    """The gateway's default limits, but for sign-up and a resident's reads and writes,
    lowered to keep the tests short."""
    return {
        "QUARTIER_RATE_LIMITS": f"sign_up={SIGN_UPS_PER_HOUR}/3600,"
        f"resident_writes={WRITES_PER_HOUR}/3600,resident_reads={READS_PER_HOUR}/3600"
    }


@pytest.fixture(scope="module")
def other_client() -> Iterator[requests.Session]:
    with client_from(OTHER_CLIENT) as client:
        yield client


def resident(platform: Platform, client: requests.Session, name: str = "Ada") -> Resident:
    """Signed up and in from `client`."""
    email = platform.new_email()
    body = {"email": email, "password": PASSWORD, "display_name": name}
    answer = platform.call("POST", "/residents", client=client, json=body)
    expect(answer, 201, "sign up")
    signed_up = Resident(email, PASSWORD, name, answer.json()["resident_id"])
    return platform.sign_in(signed_up, client)


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


def test_a_residents_writes_past_their_bucket_are_429_and_record_nothing(
    platform: Platform, other_client: requests.Session
) -> None:
    ada, bea = resident(platform, other_client, "Ada"), resident(platform, other_client, "Bea")
    for number in range(WRITES_PER_HOUR):
        change = {"display_name": f"Ada {number}"}
        answer = platform.call("PATCH", "/me", other_client, headers=ada.auth, json=change)
        expect(answer, 200, "PATCH /me within the bucket")
    refused = platform.call(
        "PATCH", "/me", other_client, headers=ada.auth, json={"display_name": "Ada again"}
    )
    assert_error(refused, 429, "rate_limited")
    assert int(refused.headers["Retry-After"]) >= 1
    # Another resident of the same client is not held back; the limited one can still leave.
    answer = platform.call(
        "PATCH", "/me", other_client, headers=bea.auth, json={"display_name": "Bea B"}
    )
    expect(answer, 200, "another resident's PATCH /me")
    position = answer.json()["position"]
    stream = f"identity.resident-{ada.resident_id}"
    changes = [e for e in platform.events(stream) if e.type == PROFILE_CHANGED]
    assert len(changes) == WRITES_PER_HOUR, "a refused write recorded an event"
    shown = platform.call("GET", "/me", other_client, headers=bea.auth, params={"after": position})
    expect(shown, 200, "GET /me after the other resident's change")
    expect(platform.call("DELETE", "/sessions/current", other_client, headers=ada.auth), 204, "out")


def test_a_residents_reads_past_their_bucket_are_429(
    platform: Platform, other_client: requests.Session
) -> None:
    ada = resident(platform, other_client)
    for _ in range(READS_PER_HOUR):
        expect(platform.call("GET", "/me", other_client, headers=ada.auth), 200, "GET /me")
    refused = platform.call("GET", "/me", other_client, headers=ada.auth)
    assert_error(refused, 429, "rate_limited")
    assert int(refused.headers["Retry-After"]) >= 1


def test_a_third_read_waiting_at_once_is_429_without_waiting(
    platform: Platform, other_client: requests.Session
) -> None:
    """With identity stopped, a read for `after` waits until the gateway gives up on it (503);
    of four sent together, two wait so and the others are refused at once."""
    ada = resident(platform, other_client)
    platform.stop("identity")
    try:

        def read(_: int) -> requests.Response:
            params = {"after": ada.position}
            return platform.call("GET", "/me", other_client, headers=ada.auth, params=params)

        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(read, range(4)))
    finally:
        platform.start("identity")
    refused = [a for a in answers if a.status_code == 429]
    waited = [a for a in answers if a.status_code != 429]
    assert len(refused) == 2, sorted(a.status_code for a in answers)
    for answer in refused:
        assert_error(answer, 429, "rate_limited")
        assert int(answer.headers["Retry-After"]) >= 1
        assert answer.elapsed.total_seconds() < min(w.elapsed.total_seconds() for w in waited)
    for answer in waited:
        assert_error(answer, 503, "unavailable")
    expect(platform.call("GET", "/me", other_client, headers=ada.auth), 200, "GET /me once back")
