"""What the end-to-end tests check of an HTTP answer: its status, and the API's one error shape
with nothing internal in it. A failure names statuses and error codes only, never a body: a body
may quote personal data."""

from __future__ import annotations

from typing import Any

import requests


def expect(answer: requests.Response, status: int, what: str) -> None:
    """Fail with the status and error code only: a body may quote personal data."""
    if answer.status_code != status:
        raise AssertionError(
            f"{what}: expected {status}, got {answer.status_code} {error_code(answer)}"
        )


def answered(answer: requests.Response, status: int, what: str) -> dict[str, Any]:
    """The JSON body of an answer that must have `status` (else the status and error code)."""
    expect(answer, status, what)
    body: dict[str, Any] = answer.json()
    return body


def error_code(answer: requests.Response) -> str:
    try:
        body = answer.json()
    except ValueError:
        return f"(not JSON: {answer.headers.get('Content-Type', 'no content type')})"
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("code"))
    return "(no error object)"


LEAKS = ("Traceback", "identity", "nameko", "RemoteError", "Exception", 'File "')


def assert_error(
    answer: requests.Response, status: int, code: str | set[str], fields: set[str] | None = None
) -> dict[str, Any]:
    """The answer is the contract's error: `status`, exactly {error: {code, message, fields?,
    details?}},
    JSON, with `code` (or one of the codes given), errors for exactly `fields` when given, and
    nothing internal (stack trace, exception class, service name). Returns the error object."""
    expect(answer, status, f"{answer.request.method} {answer.request.path_url}")
    assert answer.headers.get("Content-Type", "").startswith("application/json")
    body = answer.json()
    assert isinstance(body, dict) and set(body) == {"error"}, "not the error shape"
    error = body["error"]
    assert isinstance(error, dict) and {"code", "message"} <= set(error) <= {
        "code",
        "message",
        "fields",
        "details",
    }, f"error keys: {sorted(error)}"
    codes = {code} if isinstance(code, str) else code
    assert error["code"] in codes, f"code {error['code']!r}, expected {sorted(codes)}"
    assert isinstance(error["message"], str) and error["message"].strip()
    if "fields" in error:
        assert isinstance(error["fields"], dict) and error["fields"]
        for messages in error["fields"].values():
            assert isinstance(messages, list) and all(isinstance(m, str) for m in messages)
    if fields is not None:
        assert set(error.get("fields", {})) == fields, f"fields: {sorted(error.get('fields', {}))}"
    leaked = [word for word in LEAKS if word in answer.text]
    assert not leaked, f"internal names reach the client: {leaked}"
    result: dict[str, Any] = error
    return result
