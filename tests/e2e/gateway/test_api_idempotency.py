"""Idempotency-Key through the gateway's HTTP API, against the real platform: a client that
retries a write with the same key after losing the answer gets the first answer, and the
platform does the thing once; another key is another request."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.support.answers import assert_error, expect
from tests.support.neighbours import AROUND_2_TO_12
from tests.support.platform import LETTER_POSTED, PASSWORD, Platform, Resident, demo_address

pytestmark = pytest.mark.rabbitmq

REGISTERED = "identity.ResidentRegistered"
CREATED = "neighbourhoods.NeighbourhoodCreated"


def key() -> dict[str, str]:
    return {"Idempotency-Key": f"retry-{uuid.uuid4()}"}


def types(platform: Platform, stream: str) -> list[str]:
    return [event.type for event in platform.events(stream)]


def letters(platform: Platform, resident: Resident) -> int:
    return types(platform, f"identity.resident-{resident.resident_id}").count(LETTER_POSTED)


def test_signing_up_again_with_the_same_key_answers_the_same_resident(
    platform: Platform,
) -> None:
    body = {"email": platform.new_email(), "password": PASSWORD, "display_name": "Ada"}
    headers = key()
    first = platform.call("POST", "/residents", json=body, headers=headers)
    again = platform.call("POST", "/residents", json=body, headers=headers)
    expect(first, 201, "sign up")
    expect(again, 201, "sign up again with the same key")
    assert again.json() == first.json()
    resident_id = first.json()["resident_id"]
    assert types(platform, f"identity.resident-{resident_id}").count(REGISTERED) == 1

    another = platform.call("POST", "/residents", json=body, headers=key())
    assert_error(another, 409, "email_taken")


def test_a_key_reused_for_another_sign_up_is_another_request(platform: Platform) -> None:
    headers = key()
    first = {"email": platform.new_email(), "password": PASSWORD, "display_name": "Ada"}
    second = {**first, "email": platform.new_email()}
    one = platform.call("POST", "/residents", json=first, headers=headers)
    two = platform.call("POST", "/residents", json=second, headers=headers)
    expect(one, 201, "sign up")
    expect(two, 201, "another sign up with the same key")
    assert two.json()["resident_id"] != one.json()["resident_id"]
    for body in (first, second):
        signed_in = platform.call(
            "POST", "/sessions", json={k: body[k] for k in ("email", "password")}
        )
        expect(signed_in, 201, "each e-mail signs in to its own account")


def test_declaring_an_address_again_with_the_same_key_posts_one_letter(
    platform: Platform,
) -> None:
    ada = platform.signed_in("Ada")
    headers = {**ada.auth, **key()}
    first = platform.call("PUT", "/me/address", headers=headers, json=demo_address(12))
    again = platform.call("PUT", "/me/address", headers=headers, json=demo_address(12))
    expect(first, 202, "declare")
    expect(again, 202, "declare again with the same key")
    assert again.json() == first.json()
    assert letters(platform, ada) == 1

    other = platform.call(
        "PUT", "/me/address", headers={**ada.auth, **key()}, json=demo_address(12)
    )
    expect(other, 202, "declare with another key")
    assert letters(platform, ada) == 2


def test_the_same_key_from_another_resident_is_their_own_request(platform: Platform) -> None:
    ada, bob = platform.signed_in("Ada"), platform.signed_in("Bob")
    shared = key()
    for resident in (ada, bob):
        declared = platform.call(
            "PUT", "/me/address", headers={**resident.auth, **shared}, json=demo_address(8)
        )
        expect(declared, 202, "declare")
    # Each letter's id derives from its command's id: they differ when the commands do.
    posted = {
        event.data["letter_id"]
        for resident in (ada, bob)
        for event in platform.events(f"identity.resident-{resident.resident_id}")
        if event.type == LETTER_POSTED
    }
    assert len(posted) == 2


def test_founding_again_with_the_same_key_answers_the_same_neighbourhood(
    platform: Platform,
) -> None:
    ada = platform.verified(2, "Ada")
    body: dict[str, Any] = {
        "name": "La Paix",
        "description": "Entre voisins de la rue",
        "boundary": AROUND_2_TO_12,
    }
    headers, params = {**ada.auth, **key()}, {"after": ada.position}
    first = platform.call("POST", "/neighbourhoods", headers=headers, params=params, json=body)
    again = platform.call("POST", "/neighbourhoods", headers=headers, params=params, json=body)
    expect(first, 201, "found")
    expect(again, 201, "found again with the same key")
    assert again.json() == first.json()
    nid = first.json()["neighbourhood_id"]
    assert types(platform, f"neighbourhoods.neighbourhood-{nid}").count(CREATED) == 1


@pytest.mark.parametrize("value", ["has space", "k" * 129])
def test_a_malformed_key_is_refused_and_changes_nothing(platform: Platform, value: str) -> None:
    body = {"email": platform.new_email(), "password": PASSWORD, "display_name": "Ada"}
    refused = platform.call("POST", "/residents", json=body, headers={"Idempotency-Key": value})
    assert_error(refused, 422, "validation_failed", fields={"Idempotency-Key"})
    platform.sign_up("Ada", email=body["email"])  # the address is still free
