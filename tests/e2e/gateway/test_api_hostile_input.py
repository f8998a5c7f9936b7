"""Hostile input through HTTP: text that is not well-formed Unicode, or holds control, bidi
override or only invisible characters, is refused per field (422) by every route that takes
text, before any service sees it, and changes nothing; deeply nested JSON is 400; a redirect
never leaves the site whatever Host the client sends; only the web client's assets are served.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.answers import assert_error, expect
from tests.support.platform import PASSWORD, Platform, Resident, demo_address

pytestmark = pytest.mark.rabbitmq

LONE_SURROGATE = "Ada \ud800"
# (text, what is wrong with it) for single-line fields
HOSTILE = (
    (LONE_SURROGATE, "a lone surrogate"),
    ("Ada\x00", "a NUL"),
    ("Ada\x1b[2J", "an escape sequence"),
    ("Ada\u202egnp.exe", "a bidi override"),
    ("\u2067Ada\u2069", "a bidi isolate"),
    ("\u200b\u200b", "invisible characters only"),
)
SQUARE = [[[2.0, 46.0], [2.001, 46.0], [2.001, 46.001], [2.0, 46.001], [2.0, 46.0]]]


def register(platform: Platform, **changes: Any) -> Any:
    body = {"email": platform.new_email(), "password": PASSWORD, "display_name": "Ada", **changes}
    return platform.call("POST", "/residents", json=body)


def profile(platform: Platform, resident: Resident) -> dict[str, Any]:
    answer = platform.call("GET", "/me", headers=resident.auth)
    expect(answer, 200, "GET /me")
    shown: dict[str, Any] = answer.json()
    return shown


# Text


def test_a_lone_surrogate_is_422_on_every_route_that_takes_text(platform: Platform) -> None:
    email = platform.new_email()
    refused = register(platform, email=email, display_name=LONE_SURROGATE)
    assert_error(refused, 422, "validation_failed", {"display_name"})
    refused = register(platform, email=email, password=f"{PASSWORD}\udfff")
    assert_error(refused, 422, "validation_failed", {"password"})
    refused = register(platform, email=f"ada\ud800{email}")
    assert_error(refused, 422, "validation_failed", {"email"})
    signing_in = {"email": f"\ud800{email}", "password": PASSWORD}
    assert_error(platform.call("POST", "/sessions", json=signing_in), 422, "validation_failed")

    ada = platform.sign_in(platform.sign_up(email=email))  # the refusals took nothing
    before = profile(platform, ada)
    answer = platform.call("PATCH", "/me", headers=ada.auth, json={"display_name": LONE_SURROGATE})
    assert_error(answer, 422, "validation_failed", {"display_name"})
    answer = platform.call("PATCH", "/me", headers=ada.auth, json={"phone": "\ud83d"})
    assert_error(answer, 422, "validation_failed", {"phone"})
    address = {**demo_address(), "line": "12 rue \udc00", "city": "\ud800"}
    answer = platform.call("PUT", "/me/address", headers=ada.auth, json=address)
    assert_error(answer, 422, "validation_failed", {"line", "city"})
    answer = platform.call(
        "POST", "/me/address/verification", headers=ada.auth, json={"code": "\ud800"}
    )
    assert_error(answer, 422, "validation_failed", {"code"})
    creation = {
        "name": LONE_SURROGATE,
        "description": "\udbff",
        "boundary": {"type": "Polygon", "coordinates": SQUARE},
    }
    answer = platform.call("POST", "/neighbourhoods", headers=ada.auth, json=creation)
    assert_error(answer, 422, "validation_failed", {"name", "description"})
    assert profile(platform, ada) == before


@pytest.mark.parametrize(("text", "wrong"), HOSTILE, ids=[wrong for _, wrong in HOSTILE])
def test_hostile_text_is_422_per_field_and_the_email_stays_free(
    platform: Platform, text: str, wrong: str
) -> None:
    email = platform.new_email()
    answer = register(platform, email=email, display_name=text)
    assert_error(answer, 422, "validation_failed", {"display_name"})
    platform.sign_up(email=email)  # the same e-mail still signs up


def test_a_display_name_needs_a_letter_and_is_stored_in_nfc(platform: Platform) -> None:
    for no_letter in ("1234", "!!!", "\U0001f600"):
        assert_error(register(platform, display_name=no_letter), 422, "validation_failed")
    zoe = platform.sign_in(platform.sign_up(display_name="Zoe\u0301"))  # e + combining acute
    assert profile(platform, zoe)["display_name"] == "Zo\u00e9"
    answer = platform.call("PATCH", "/me", headers=zoe.auth, json={"display_name": "A\u030a"})
    expect(answer, 200, "PATCH /me")
    shown = platform.call(
        "GET", "/me", headers=zoe.auth, params={"after": answer.json()["position"]}
    )
    assert shown.json()["display_name"] == "\u00c5"


def test_a_password_may_hold_any_well_formed_character(platform: Platform) -> None:
    """The gateway checks a password is well-formed only; identity alone normalises it (NFKC),
    so that it matches however a keyboard composes its accents."""
    decomposed = "Cafe\u0301\tau lait\u202e, sans sucre"
    ada = platform.sign_up(password=decomposed)
    composed = {"email": ada.email, "password": "Caf\u00e9\tau lait\u202e, sans sucre"}
    expect(platform.call("POST", "/sessions", json=composed), 201, "sign in, composed")
    platform.sign_in(ada)


def test_line_breaks_are_text_in_a_description_but_not_in_a_name(platform: Platform) -> None:
    ada = platform.signed_in()
    creation = {
        "name": "Les\nTilleuls",
        "description": "Deux lignes,\nune tabulation\t.",
        "boundary": {"type": "Polygon", "coordinates": SQUARE},
    }
    answer = platform.call("POST", "/neighbourhoods", headers=ada.auth, json=creation)
    assert_error(answer, 422, "validation_failed", {"name"})


# JSON


def test_deeply_nested_json_is_400_and_registers_no_one(platform: Platform) -> None:
    email = platform.new_email()
    for depth in (33, 1000, 100_000):
        nested = '{"a": ' * depth + "1" + "}" * depth
        body = f'{{"email": "{email}", "password": "{PASSWORD}", "display_name": {nested}}}'
        answer = platform.call(
            "POST", "/residents", data=body, headers={"Content-Type": "application/json"}
        )
        assert_error(answer, 400, "json_too_deep")
    brackets_in_text = {"email": email, "password": PASSWORD, "display_name": "Ada [[[[{{{{" * 5}
    expect(platform.call("POST", "/residents", json=brackets_in_text), 201, "sign up")


def test_huge_numbers_and_json_constants_are_refused_without_failing(platform: Platform) -> None:
    ada = platform.signed_in()
    for coordinate in ("1e999", "-1e999", "9" * 5000, "NaN", "Infinity"):
        square = json.dumps(SQUARE).replace("2.001", coordinate, 1)
        body = f'{{"name": "Tilleuls", "boundary": {{"type": "Polygon", "coordinates": {square}}}}}'
        answer = platform.call(
            "POST",
            "/neighbourhoods",
            data=body,
            headers={**ada.auth, "Content-Type": "application/json"},
        )
        assert answer.status_code in (400, 422), f"{coordinate[:8]}: {answer.status_code}"
        assert_error(answer, answer.status_code, {"malformed_json", "validation_failed"})


# Redirects and files


def test_a_redirect_stays_on_the_site_whatever_the_host_header(platform: Platform) -> None:
    answer = platform.call("GET", "/api//v1/openapi.json?x=1", headers={"Host": "evil.example"})
    assert answer.status_code in (301, 308)
    assert answer.headers["Location"] == "/api/v1/openapi.json?x=1"
    followed = platform.call("GET", platform.base_url + answer.headers["Location"])
    expect(followed, 200, "the redirect's target")


def test_only_the_web_clients_assets_are_served(platform: Platform) -> None:
    index = platform.call("GET", platform.base_url + "/")
    expect(index, 200, "GET /")
    for path in ("/README.md", "/vendor/README.md", "/vendor/leaflet/LICENSE"):
        answer = platform.call("GET", platform.base_url + path)
        assert answer.headers["Content-Type"].startswith("text/html"), path
        assert answer.content == index.content, f"{path} is served as itself"
    script = platform.call("GET", platform.base_url + "/js/main.js")
    expect(script, 200, "GET /js/main.js")
    assert script.headers["Content-Type"].startswith("text/javascript")
