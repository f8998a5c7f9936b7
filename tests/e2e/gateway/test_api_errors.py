"""Every error the gateway promises, triggered for real through HTTP: each answer has exactly
the shape {error: {code, message, fields?}} and nothing internal, and changes nothing."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.support.answers import assert_error, expect
from tests.support.platform import PASSWORD, Platform, demo_address

pytestmark = pytest.mark.rabbitmq

MIB = 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def sign_up_body(platform: Platform, **changes: object) -> dict[str, object]:
    return {
        "email": platform.new_email(),
        "password": PASSWORD,
        "display_name": "Ada",
        **changes,
    }


# 400


def test_malformed_json_is_400_and_registers_no_one(platform: Platform) -> None:
    email = platform.new_email()
    for broken in (b'{"email": "' + email.encode() + b'", ', b"\xff\xfe{}", b"[1, 2"):
        answer = platform.call(
            "POST", "/residents", data=broken, headers={"Content-Type": "application/json"}
        )
        assert_error(answer, 400, "malformed_json")
    refused = platform.call("POST", "/sessions", json={"email": email, "password": PASSWORD})
    assert_error(refused, 401, {"unauthenticated", "invalid_credentials"})


# 422


def test_each_invalid_field_is_named(platform: Platform) -> None:
    missing = platform.call("POST", "/residents", json={})
    assert_error(missing, 422, "validation_failed", {"email", "password", "display_name"})

    wrong_types = sign_up_body(platform, email=5, display_name=["Ada"], language="de")
    answer = platform.call("POST", "/residents", json=wrong_types)
    assert_error(answer, 422, "validation_failed", {"email", "display_name", "language"})

    not_an_object = platform.call("POST", "/residents", json=["a", "list"])
    assert_error(not_an_object, 422, {"validation_failed", "malformed_json"})

    ada = platform.signed_in()
    answer = platform.call(
        "PATCH", "/me", headers=ada.auth, json={"disclosure": "everything", "language": 3}
    )
    assert_error(answer, 422, "validation_failed", {"disclosure", "language"})
    answer = platform.call(
        "PUT", "/me/address", headers=ada.auth, json={**demo_address(), "method": "pigeon"}
    )
    assert_error(answer, 422, "validation_failed", {"method"})
    answer = platform.call("PUT", "/me/address", headers=ada.auth, json={"line": "12"})
    assert_error(answer, 422, "validation_failed", {"postcode", "city"})  # country: FR
    answer = platform.call(
        "PUT", "/me/address", headers=ada.auth, json={**demo_address(), "country": "France"}
    )
    assert_error(answer, 422, "validation_failed", {"country"})
    answer = platform.call("POST", "/me/address/verification", headers=ada.auth, json={})
    assert_error(answer, 422, "validation_failed", {"code"})


def test_domain_refusals_are_422_with_their_own_code(platform: Platform) -> None:
    weak = platform.call("POST", "/residents", json=sign_up_body(platform, password="short"))
    error = assert_error(weak, 422, "password_too_weak")
    assert set(error.get("fields", {"password": []})) == {"password"}

    ada = platform.signed_in()
    unknown = {**demo_address(), "line": "999 chemin des Nulle-Part"}
    answer = platform.call("PUT", "/me/address", headers=ada.auth, json=unknown)
    assert_error(answer, 422, "address_unknown")

    declared = platform.call("PUT", "/me/address", headers=ada.auth, json=demo_address(16))
    expect(declared, 202, "PUT /me/address")
    code = platform.letter_code(ada.resident_id)
    wrong = "".join("A" if c != "A" else "B" for c in code)
    answer = platform.call(
        "POST", "/me/address/verification", headers=ada.auth, json={"code": wrong}
    )
    error = assert_error(answer, 422, "wrong_code")
    assert set(error.get("fields", {"code": []})) == {"code"}
    shown = platform.call(
        "GET", "/me", headers=ada.auth, params={"after": declared.json()["position"]}
    )
    assert shown.json()["address"]["attempts_left"] == 4

    not_a_proof = platform.call(
        "POST",
        "/me/address/proof",
        headers=ada.auth,
        files={"document": ("notes.txt", b"just some text", "text/plain")},
    )
    assert not_a_proof.status_code in (415, 422)
    assert_error(
        not_a_proof,
        not_a_proof.status_code,
        {"unsupported_media_type", "unsupported_document_type", "validation_failed"},
    )


# 401


def test_no_or_an_invalid_token_is_401(platform: Platform) -> None:
    assert_error(platform.call("GET", "/me"), 401, "unauthenticated")
    bogus = {"Authorization": "Bearer " + uuid.uuid4().hex}
    assert_error(platform.call("GET", "/me", headers=bogus), 401, "unauthenticated")
    garbled = {"Authorization": "Basic YWRhOnNlY3JldA=="}
    assert_error(platform.call("PATCH", "/me", headers=garbled, json={}), 401, "unauthenticated")
    cookie = {"Cookie": "quartier_session=" + uuid.uuid4().hex}
    assert_error(platform.call("GET", "/me", headers=cookie), 401, "unauthenticated")

    ada = platform.sign_up()
    wrong = platform.call("POST", "/sessions", json={"email": ada.email, "password": "wrong one!"})
    assert_error(wrong, 401, {"unauthenticated", "invalid_credentials"})


# 403


def test_a_cookie_write_without_the_csrf_token_is_403(platform: Platform) -> None:
    ada = platform.sign_up()
    browser = requests.Session()
    platform.sign_in(ada, client=browser)
    answer = platform.call("DELETE", "/me", client=browser, json={"password": ada.password})
    assert_error(answer, 403, "csrf_failed")
    expect(platform.call("GET", "/me", client=browser), 200, "the resident was not erased")


# 404


def test_unknown_routes_and_residents_are_404(platform: Platform) -> None:
    for method, path in (("GET", "/nowhere"), ("POST", "/me/elsewhere"), ("GET", "/api/v2/me")):
        assert_error(platform.call(method, path, json={}), 404, "not_found")
    ada = platform.verified(18)
    answer = platform.call("POST", f"/residents/{uuid.uuid4()}/vouches", headers=ada.auth)
    assert_error(answer, 404, "not_found")
    answer = platform.call("POST", "/residents/not-a-uuid/vouches", headers=ada.auth)
    assert answer.status_code in (404, 422)
    assert_error(answer, answer.status_code, {"not_found", "validation_failed"})


# 405


def test_a_known_path_with_another_method_is_405(platform: Platform) -> None:
    for method, path in (("DELETE", "/residents"), ("GET", "/sessions"), ("PUT", "/me/export")):
        assert_error(platform.call(method, path), 405, "method_not_allowed")


# 409


def test_a_taken_email_is_409_whatever_its_case(platform: Platform) -> None:
    ada = platform.sign_up()
    again = sign_up_body(platform, email=ada.email.upper(), display_name="Other")
    assert_error(platform.call("POST", "/residents", json=again), 409, "email_taken")
    platform.sign_in(ada)


def test_verifying_an_address_twice_is_409(platform: Platform) -> None:
    ada, bea = platform.verified(20, "Ada"), platform.verified(22, "Bea")
    answer = platform.call("POST", f"/residents/{bea.resident_id}/vouches", headers=ada.auth)
    assert_error(answer, 409, {"already_verified", "address_already_verified"})
    again = platform.call("PUT", "/me/address", headers=ada.auth, json=demo_address(20))
    assert_error(again, 409, {"already_verified", "address_already_verified"})


# 413


def test_a_json_body_over_1_mib_is_413(platform: Platform) -> None:
    big = sign_up_body(platform, display_name="A" * (MIB + 10))
    assert_error(platform.call("POST", "/residents", json=big), 413, "payload_too_large")


def test_an_upload_over_5_mib_is_413(platform: Platform) -> None:
    eve = platform.signed_in("Eve")
    unknown = {**demo_address(), "line": "998 chemin des Nulle-Part", "method": "document"}
    expect(platform.call("PUT", "/me/address", headers=eve.auth, json=unknown), 202, "declare")
    huge = PNG + b"\x00" * (5 * MIB)
    answer = platform.call(
        "POST",
        "/me/address/proof",
        headers=eve.auth,
        files={"document": ("scan.png", huge, "image/png")},
    )
    assert_error(answer, 413, "payload_too_large")


# 415


def test_a_body_that_is_not_json_is_415(platform: Platform) -> None:
    body = '{"email": "a@example.org", "password": "x", "display_name": "Ada"}'
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        answer = platform.call(
            "POST", "/residents", data=body, headers={"Content-Type": content_type}
        )
        assert_error(answer, 415, "unsupported_media_type")
    ada = platform.signed_in()
    as_json = platform.call("POST", "/me/address/proof", headers=ada.auth, json={"document": "x"})
    assert_error(as_json, 415, "unsupported_media_type")


# 422 on `after`


def test_a_position_beyond_the_log_is_422_at_once(platform: Platform) -> None:
    ada = platform.signed_in()
    first, *rest = ada.position.split(".")
    future = ".".join([str(int(first) + 1_000_000), *rest])
    answer = platform.call("GET", "/me", headers=ada.auth, params={"after": future})
    assert_error(answer, 422, "validation_failed", {"after"})  # not 503 after waiting 5 s
    answer = platform.call("GET", "/me", headers=ada.auth, params={"after": "yesterday"})
    assert_error(answer, 422, "validation_failed", {"after"})
    reached = platform.call("GET", "/me", headers=ada.auth, params={"after": ada.position})
    expect(reached, 200, "GET /me at the sign-in's position")
