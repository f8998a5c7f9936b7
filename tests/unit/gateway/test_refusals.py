"""Services' refusals become the API's errors: status, stable code, the field concerned."""

from __future__ import annotations

import pytest

from services.gateway.http.refusals import CATALOGUE as RULES
from services.gateway.http.refusals import api_error


def test_email_taken_is_409_about_the_email_field() -> None:
    error = api_error("email_taken", {}, {})
    assert (error.status, error.code) == (409, "email_taken")
    assert error.fields is not None and list(error.fields) == ["email"]


def test_a_route_renames_the_field_a_refusal_is_about() -> None:
    error = api_error("password_too_weak", {}, {"password": "new"})
    assert (error.status, error.code) == (422, "password_too_weak")
    assert error.fields is not None and list(error.fields) == ["new"]


def test_wrong_code_tells_the_attempts_left() -> None:
    error = api_error("wrong_code", {"attempts_left": 3}, {})
    assert (error.status, error.code) == (422, "wrong_code")
    assert "3 attempt(s) left" in error.message


def test_too_many_sign_in_attempts_is_429_with_the_services_retry_after() -> None:
    error = api_error("too_many_sign_in_attempts", {"retry_after_seconds": 42}, {})
    assert (error.status, error.code) == (429, "rate_limited")
    assert error.headers["Retry-After"] == "42"


def test_a_429_without_a_delay_still_says_when_to_retry() -> None:
    error = api_error("too_many_sign_in_attempts", {}, {})
    assert int(error.headers["Retry-After"]) > 0


def test_already_verified_address_is_409_already_verified() -> None:
    error = api_error("address_already_verified", {}, {})
    assert (error.status, error.code) == (409, "already_verified")


@pytest.mark.parametrize(
    ("code", "status", "client_code"),
    [
        ("not_found", 404, "not_found"),
        ("unknown_resident", 404, "not_found"),
        ("not_allowed", 403, "forbidden"),
        ("conflict", 409, "conflict"),
        ("invalid_credentials", 401, "invalid_credentials"),
        ("internal", 500, "internal"),
        ("invalid_request", 422, "validation_failed"),
        ("document_too_large", 413, "payload_too_large"),
    ],
)
def test_service_codes_map_to_statuses(code: str, status: int, client_code: str) -> None:
    error = api_error(code, {}, {})
    assert (error.status, error.code) == (status, client_code)


def test_an_unknown_refusal_is_422_with_its_code_passed_on() -> None:
    error = api_error("some_new_rule", {}, {})
    assert (error.status, error.code) == (422, "some_new_rule")


def test_every_message_is_a_sentence_without_internal_names() -> None:
    for code, rule in RULES.items():
        assert rule.message.endswith("."), code
        for internal in ("identity", "rpc", "Error", "command_id", "stream"):
            assert internal not in rule.message, (code, internal)


def test_error_body_has_the_one_shape() -> None:
    body = api_error("email_taken", {}, {}).body()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
