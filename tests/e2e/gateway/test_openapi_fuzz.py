"""Schemathesis against the gateway's own OpenAPI document (GET /api/v1/openapi.json): requests
generated from it, valid and invalid, anonymous and with a resident's bearer token, never make
the gateway answer 5xx, and its answers match what the document says.

Then hostile JSON: every operation with a JSON body gets valid bodies poisoned with lone
surrogates, control and bidi characters, invisible-only text, deep nesting and numbers JSON
parsers choke on; none makes the gateway fail, and an e-mail refused with hostile sign-up
data still signs up afterwards.

Bounded: QUARTIER_E2E_FUZZ_EXAMPLES examples per operation and mode (default 15); anonymous calls
to an operation that needs a session run REFUSED_EXAMPLES only, since every one of them ends at
the same 401 before its input is read (the signed-in run fuzzes those inputs). Schemathesis'
Python API drives Hypothesis directly here: its pytest integration for a schema known only at
run time (`schemathesis.pytest.from_fixture`) does not run on pytest 9 (4.32.5 reads a node's
`_nodeid`). The platform's rate limits are generous (conftest.platform_env), so that the
fuzzer is not merely refused.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any
from urllib.parse import urlparse

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.answers import expect
from tests.support.platform import PASSWORD, Platform, Resident

pytestmark = pytest.mark.rabbitmq

EXAMPLES = int(os.environ.get("QUARTIER_E2E_FUZZ_EXAMPLES", "15"))
REFUSED_EXAMPLES = min(EXAMPLES, 3)


@schemathesis.check
def no_server_error(ctx: Any, response: Any, case: Any) -> bool:
    """No 5xx, but 503 not_caught_up: the right answer to an `after` the log has not reached."""
    if response.status_code >= 500:
        try:
            code = response.json()["error"]["code"]
        except (ValueError, KeyError, TypeError):
            code = None
        if not (response.status_code == 503 and code == "not_caught_up"):
            raise AssertionError(f"{response.status_code} {code}")
    return True


CHECKS = [
    no_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
# Calls that end the fuzzer's own session or account: the journey tests cover them.
SESSION_ENDING = r"^(/api/v1)?/(me|sessions/current)$"


def bounded(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )


def load(platform: Platform, headers: dict[str, str]) -> Any:
    url = f"{platform.api}/openapi.json"
    document = requests.get(url, timeout=30).json()
    servers = document.get("servers") or [{"url": ""}]
    base_url = platform.base_url + urlparse(servers[0]["url"]).path.rstrip("/")
    config = schemathesis.Config.from_dict(
        {"base-url": base_url, "headers": headers, "request-timeout": 30}
    )
    return schemathesis.openapi.from_dict(document, config=config)


def fuzz(
    schema: Any, headers: dict[str, str], reached: str, refused: frozenset[str] = frozenset()
) -> list[str]:
    """Run every operation of `schema` in both modes; what failed, one line each. Operations
    labelled in `refused` (all answered 401 without a session) run REFUSED_EXAMPLES.

    A valid `after` is a position already reached: any other makes the gateway wait 5 s for
    it, then answer 503 not_caught_up, as it should (test_api_errors.py checks that)."""
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the document declares no operation"
    for operation in operations:
        for mode in MODES:
            fixed = {"query": {"after": reached}} if operation.method.upper() == "GET" else {}

            @bounded(REFUSED_EXAMPLES if operation.label in refused else EXAMPLES)
            @given(case=operation.as_strategy(generation_mode=mode, **fixed))
            def run(case: Any) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:
                if fixed and mode is schemathesis.GenerationMode.NEGATIVE:
                    continue  # nothing left to make invalid once `after` is fixed
                failures.append(f"{operation.label} ({mode.value}): no case could be made")
            except Exception as exc:  # every operation runs; all failures are reported
                first = str(exc).strip().splitlines()[:12]
                failures.append(f"{operation.label} ({mode.value}): " + "\n    ".join(first))
    return failures


# One operation of each context's API: the fuzzer runs every operation the document declares, so
# a context whose routes were not registered would go unnoticed without this.
EVERY_CONTEXT = {
    ("post", "/api/v1/residents"),
    ("get", "/api/v1/neighbourhoods/{neighbourhood_id}"),
    ("get", "/api/v1/neighbourhoods/{neighbourhood_id}/listings"),
    ("post", "/api/v1/photos"),
    ("get", "/api/v1/photos/{photo_id}"),
    ("post", "/api/v1/listings/{listing_id}/moderation"),
    ("post", "/api/v1/connections/{connection_id}/messages"),
}


def test_the_fuzzed_document_declares_every_context_s_operations(platform: Platform) -> None:
    paths = requests.get(f"{platform.api}/openapi.json", timeout=30).json()["paths"]
    declared = {(method, path) for path, operations in paths.items() for method in operations}
    assert declared >= EVERY_CONTEXT, sorted(EVERY_CONTEXT - declared)


@pytest.fixture(scope="module")
def fuzzer(platform: Platform) -> Resident:
    """Signed in before any fuzzing: the fuzzer's failed sign-ins soon lock this client out of
    signing in (identity's limiter counts them per client address)."""
    return platform.signed_in("Fuzz")


def needing_a_session(platform: Platform) -> frozenset[str]:
    """The labels ("GET /api/v1/me") of the operations the document says need a session."""
    paths = requests.get(f"{platform.api}/openapi.json", timeout=30).json()["paths"]
    return frozenset(
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method, operation in operations.items()
        if operation.get("security") != []
    )


def test_no_anonymous_request_makes_the_gateway_fail(platform: Platform, fuzzer: Resident) -> None:
    schema, refused = load(platform, {}), needing_a_session(platform)
    labels = {result.ok().label for result in schema.get_all_operations()}
    assert refused and refused < labels, sorted(refused - labels)[:3]
    failures = fuzz(schema, {}, fuzzer.position, refused)
    assert not failures, "\n".join(failures)


def test_no_signed_in_request_makes_the_gateway_fail(platform: Platform, fuzzer: Resident) -> None:
    schema = load(platform, fuzzer.auth).exclude(method="DELETE", path_regex=SESSION_ENDING)
    failures = fuzz(schema, fuzzer.auth, fuzzer.position)
    assert not failures, "\n".join(failures)


# Hostile JSON

TEXTS = (
    "\ud800",
    "Ada \udfff",
    "\udbff\udc00\ud800",
    "Ada\x00",
    "\x1b[31mAda",
    "Ada\u202egnp.exe",
    "\u2066\u2069",
    "\u200b\u200b\ufeff",
    " \u00a0 ",
    "\ufffe",
)
NUMBERS = ("1e999", "-1e999", "9" * 5000, "NaN", "Infinity", "1" + "0" * 400)
DEPTHS = (33, 1000, 20_000)
HUGE = "__quartier_huge_number__"
HOSTILE = st.one_of(
    st.tuples(st.just("text"), st.sampled_from(TEXTS)),
    st.tuples(st.just("number"), st.sampled_from(NUMBERS)),
    st.tuples(st.just("depth"), st.sampled_from(DEPTHS)),
)


def poisoned(value: Any, kind: str, hostile: Any) -> Any:
    """`value` with every string (or number) leaf made hostile."""
    if isinstance(value, dict):
        return {key: poisoned(inner, kind, hostile) for key, inner in value.items()}
    if isinstance(value, list):
        return [poisoned(inner, kind, hostile) for inner in value]
    if kind == "text" and isinstance(value, str):
        return hostile if len(value) % 2 else value + hostile
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return HUGE
    return value


def hostile_body(body: Any, kind: str, hostile: Any) -> bytes:
    """The raw JSON of a hostile `body` (escapes keep lone surrogates in the JSON text)."""
    if kind == "depth":
        deep = '{"a": ' * hostile + "1" + "}" * hostile
        text = json.dumps(body if isinstance(body, dict) else {})
        text = re.sub(r"^\{", '{"nested": ' + deep + ", ", text) if text != "{}" else deep
        return text.encode()
    text = json.dumps(poisoned(body, kind, hostile), ensure_ascii=True)
    return text.replace(json.dumps(HUGE), str(hostile)).encode()


def hostile_fuzz(platform: Platform, operation: Any, headers: dict[str, str]) -> str | None:
    """Hostile bodies for one operation; what failed, or None."""
    signing_up = operation.method.upper() == "POST" and operation.path == "/residents"

    @bounded(EXAMPLES)
    @given(
        case=operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE),
        hostile=HOSTILE,
    )
    def run(case: Any, hostile: tuple[str, Any]) -> None:
        email = platform.new_email("hostile")
        if signing_up and isinstance(case.body, dict):
            case.body["email"] = email
        case.body = hostile_body(case.body, *hostile)
        answer = case.call(headers=headers)
        case.validate_response(answer, checks=CHECKS[:3])
        if signing_up and answer.status_code != 201:
            # Whatever was refused took nothing: the same e-mail still signs up.
            body = {"email": email, "password": PASSWORD, "display_name": "Ada"}
            expect(platform.call("POST", "/residents", json=body), 201, "sign up again")

    try:
        run()
    except Exception as exc:  # every operation runs; all failures are reported
        first = str(exc).strip().splitlines()[:12]
        return f"{operation.label} (hostile): " + "\n    ".join(first)
    return None


def test_hostile_json_never_makes_the_gateway_fail(platform: Platform, fuzzer: Resident) -> None:
    headers = {**fuzzer.auth, "Content-Type": "application/json"}
    schema = load(platform, fuzzer.auth)
    operations = [result.ok() for result in schema.get_all_operations()]
    with_json = [op for op in operations if any("json" in b.media_type for b in op.body)]
    assert with_json, "no operation takes a JSON body"
    failures = [hostile_fuzz(platform, operation, headers) for operation in with_json]
    found = [failure for failure in failures if failure]
    assert not found, "\n".join(found)
