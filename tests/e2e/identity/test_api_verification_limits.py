"""The limits on proving an address, through the gateway against the real platform: letters are
counted per door of the address base however the address is spelled, a resident has letters sent
to at most two doors in 90 days, and only residents verified by letter or document vouch."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.answers import assert_error, expect
from tests.support.platform import DEMO_POSTCODE, LETTER_POSTED, Platform, Resident, demo_address

pytestmark = pytest.mark.rabbitmq

# Spellings of "3 rue de la Paix, 71999 Bourg-Démo" that the address base resolves to one door.
RESPELLINGS = [
    ("3, rue de la Paix", "Bourg-Démo"),
    ("3 r. de la Paix", "Bourg-Démo"),
    ("3 RUE DE LA PAIX", "Bourg-Demo"),
    ("3 rue de la Paix", "BOURG DEMO"),
]


def letters_posted(platform: Platform, resident: Resident) -> int:
    stream = f"identity.resident-{resident.resident_id}"
    return sum(1 for e in platform.events(stream) if e.type == LETTER_POSTED)


def declare(platform: Platform, resident: Resident, body: dict[str, str]) -> Any:
    return platform.call("PUT", "/me/address", headers=resident.auth, json=body)


def test_a_respelled_address_gets_no_letter_past_the_cap_of_its_door(platform: Platform) -> None:
    ada = platform.signed_in("Ada")
    for n in range(3):
        expect(declare(platform, ada, demo_address(3)), 202, f"letter {n + 1}")
    assert_error(declare(platform, ada, demo_address(3)), 409, "too_many_letters")

    for line, city in RESPELLINGS:
        body = {"line": line, "postcode": DEMO_POSTCODE, "city": city, "country": "FR"}
        assert_error(declare(platform, ada, body), 409, "too_many_letters")
    # Refusals are decided before anything is written: the count is final once they answer.
    assert letters_posted(platform, ada) == 3


def test_letters_go_to_at_most_two_addresses(platform: Platform) -> None:
    bob = platform.signed_in("Bob")
    expect(declare(platform, bob, demo_address(21)), 202, "letter to a first address")
    expect(declare(platform, bob, demo_address(23)), 202, "letter to a second address")
    for number in (25, 27, 29):
        answer = assert_error(
            declare(platform, bob, demo_address(number)), 409, "too_many_letter_addresses"
        )
        assert "addresses" in answer["message"]
    # Back at a door already written to: its own cap of 3 letters applies, nothing more.
    expect(declare(platform, bob, demo_address(21)), 202, "another letter to the first address")
    assert letters_posted(platform, bob) == 3


def test_a_resident_verified_by_vouches_cannot_vouch_in_turn(platform: Platform) -> None:
    first, second = platform.verified(30, "Cy"), platform.verified(32, "Dee")
    vouched_in = platform.signed_in("Eve")
    expect(declare(platform, vouched_in, demo_address(34)), 202, "declare address")
    for voucher in (first, second):
        path = f"/residents/{vouched_in.resident_id}/vouches"
        expect(platform.call("POST", path, headers=voucher.auth), 201, "vouch")

    newcomer = platform.signed_in("Fay")
    expect(declare(platform, newcomer, demo_address(36)), 202, "declare address")
    path = f"/residents/{newcomer.resident_id}/vouches"
    refused = platform.call("POST", path, headers=vouched_in.auth)
    assert_error(refused, 403, "voucher_verified_by_vouches")

    # A vouch from a resident verified by letter still counts, and is the only one that does.
    vouched = platform.call("POST", path, headers=first.auth)
    expect(vouched, 201, "vouch by a resident verified by letter")
    answer = platform.call(
        "GET", "/me", headers=newcomer.auth, params={"after": vouched.json()["position"]}
    )
    expect(answer, 200, "GET /me")
    assert (answer.json()["address"]["status"], answer.json()["address"]["vouches"]) == (
        "pending_letter",
        1,
    )
