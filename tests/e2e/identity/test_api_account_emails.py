"""The account's e-mails over HTTP, against the whole platform: signing up sends a link that
confirms the address, "forgot my password" sends one that sets a new password and ends every
session. The links are taken from the sealed events identity recorded, opened with the
platform's own keyring (tests/support/account_links.py): this module needs no mail service.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from contracts.pii import ERASED
from tests.support import eventually
from tests.support.account_links import CONFIRMATION, RESET, requests_of, sealed_token
from tests.support.answers import assert_error, expect
from tests.support.platform import Platform, Resident

pytestmark = pytest.mark.rabbitmq

NEW_PASSWORD = "les tilleuls fleurissent en juin"
# What may differ between two answers to the same request, whatever it asks.
PER_REQUEST = {"date", "x-request-id"}


def me(platform: Platform, who: Resident, after: str | None = None) -> dict[str, Any]:
    answer = platform.call("GET", "/me", headers=who.auth, params={"after": after} if after else {})
    expect(answer, 200, "GET /me")
    body: dict[str, Any] = answer.json()
    return body


def token(platform: Platform, who: Resident, kind: str, count: int = 1) -> str:
    """The token of the `count`-th request of `kind`, once identity has recorded it."""

    def recorded() -> str | None:
        if len(requests_of(platform.data_dir, who.resident_id, kind)) < count:
            return None
        return sealed_token(platform.data_dir, who.resident_id, kind)

    return eventually(recorded, what=f"{kind} number {count} recorded")


def ask_reset(platform: Platform, email: str) -> Any:
    return platform.call("POST", "/password-resets", json={"email": email})


def test_a_resident_confirms_their_address_forgets_their_password_and_resets_it(
    platform: Platform,
) -> None:
    resident = platform.sign_up("Ada")
    elsewhere = platform.sign_in(
        Resident(resident.email, resident.password, "Ada", resident.resident_id)
    )
    assert me(platform, elsewhere)["email_confirmed"] is False

    link = token(platform, resident, CONFIRMATION)
    confirmed = platform.call("POST", f"/email-confirmations/{link}")
    expect(confirmed, 200, "confirm the address")
    assert me(platform, elsewhere, confirmed.json()["position"])["email_confirmed"] is True
    expect(platform.call("POST", f"/email-confirmations/{link}"), 200, "confirm again")
    assert_error(
        platform.call("POST", "/me/email-confirmation", headers=elsewhere.auth),
        409,
        "email_already_confirmed",
    )

    asked = ask_reset(platform, resident.email.upper())
    expect(asked, 202, "forgot my password")
    assert asked.json() == {"status": "requested"}
    reset = token(platform, resident, RESET)
    assert_error(
        platform.call("POST", f"/password-resets/{reset}", json={"password": "court"}),
        422,
        "password_too_weak",
        {"password"},
    )
    done = platform.call("POST", f"/password-resets/{reset}", json={"password": NEW_PASSWORD})
    expect(done, 200, "set the new password")

    assert_error(platform.call("GET", "/me", headers=elsewhere.auth), 401, "unauthenticated")
    assert_error(
        platform.call(
            "POST", "/sessions", json={"email": resident.email, "password": resident.password}
        ),
        401,
        "invalid_credentials",
    )
    resident.password = NEW_PASSWORD
    platform.sign_in(resident)
    assert_error(
        platform.call(
            "POST", f"/password-resets/{reset}", json={"password": "encore un autre secret"}
        ),
        409,
        "account_token_used",
    )


def test_a_second_reset_request_replaces_the_first_link(platform: Platform) -> None:
    resident = platform.sign_up("Grace")
    expect(ask_reset(platform, resident.email), 202, "first request")
    first = token(platform, resident, RESET, 1)
    expect(ask_reset(platform, resident.email), 202, "second request")
    second = token(platform, resident, RESET, 2)
    assert_error(
        platform.call("POST", f"/password-resets/{first}", json={"password": NEW_PASSWORD}),
        409,
        "account_token_superseded",
    )
    expect(
        platform.call("POST", f"/password-resets/{second}", json={"password": NEW_PASSWORD}),
        200,
        "the latest link",
    )


def test_a_known_and_an_unknown_address_get_the_same_answer(platform: Platform) -> None:
    resident = platform.sign_up("Hedy")
    known = ask_reset(platform, resident.email)
    unknown = ask_reset(platform, platform.new_email("nobody"))
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
    assert {k.lower(): v for k, v in known.headers.items() if k.lower() not in PER_REQUEST} == {
        k.lower(): v for k, v in unknown.headers.items() if k.lower() not in PER_REQUEST
    }
    token(platform, resident, RESET)  # the known one did get its link


def test_a_link_not_sent_or_malformed_is_refused_and_changes_nothing(platform: Platform) -> None:
    resident = platform.sign_up("Katherine")
    forged = f"{uuid.UUID(resident.resident_id).hex}.{uuid.uuid4().hex}"
    head = len(platform.events())
    for bad in (forged, "not-a-token", f"{uuid.uuid4().hex}.x"):
        assert_error(
            platform.call("POST", f"/email-confirmations/{bad}"), 404, "account_token_unknown"
        )
        assert_error(
            platform.call("POST", f"/password-resets/{bad}", json={"password": NEW_PASSWORD}),
            404,
            "account_token_unknown",
        )
    assert_error(ask_reset(platform, "not an address"), 422, "validation_failed", {"email"})
    assert len(platform.events()) == head


def test_confirmation_e_mails_are_limited_per_day(platform: Platform) -> None:
    resident = platform.signed_in("Margaret")
    for count in range(2, 6):  # signing up sent the first
        expect(
            platform.call("POST", "/me/email-confirmation", headers=resident.auth), 202, "resend"
        )
        token(platform, resident, CONFIRMATION, count)
    refused = platform.call("POST", "/me/email-confirmation", headers=resident.auth)
    assert_error(refused, 429, "rate_limited")
    assert int(refused.headers["Retry-After"]) > 0
    # Only the latest link works.
    expect(
        platform.call("POST", f"/email-confirmations/{token(platform, resident, CONFIRMATION, 5)}"),
        200,
        "the latest link",
    )


def test_an_erased_residents_pending_links_die_with_them(platform: Platform) -> None:
    resident = platform.signed_in("Barbara")
    expect(ask_reset(platform, resident.email), 202, "forgot my password")
    reset = token(platform, resident, RESET)
    erased = platform.call(
        "DELETE", "/me", headers=resident.auth, json={"password": resident.password}
    )
    expect(erased, 202, "erase")
    assert_error(
        platform.call("POST", f"/password-resets/{reset}", json={"password": NEW_PASSWORD}),
        404,
        "account_token_unknown",
    )
    sent = [
        *requests_of(platform.data_dir, resident.resident_id, RESET),
        *requests_of(platform.data_dir, resident.resident_id, CONFIRMATION),
    ]
    assert len(sent) == 2 and all(e.token == ERASED for e in sent)
