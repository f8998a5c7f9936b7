"""The OpenAPI 3.1 document of the API, generated from the declared routes (routing.ROUTES) and
their marshmallow schemas (apispec's MarshmallowPlugin): what is served is what is documented.

Each operation lists its success, and every error it can answer: 400/413/415/422 where it
reads a body, 422 on every write (a malformed Idempotency-Key, a header every write accepts),
401 and 403 (csrf_failed) where it needs a session, 429 where it is rate-limited (per
client or per resident) or may wait for `after`, 404 where
its path names something, 503 (unavailable, not_caught_up) and 500 everywhere. Each error
response lists, as `x-refusals`, the refusals (contracts/<context>/refusals.py) the route declares
with that status: code, the code a client gets, and the English text.
"""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from contracts.refusals import CONFLICT, Refusal
from services.gateway.access.idempotency import HEADER as IDEMPOTENCY_HEADER
from services.gateway.access.idempotency import VALID_KEY, WRITES
from services.gateway.http import schemas
from services.gateway.http.bodies import MAX_DEPTH
from services.gateway.http.routing import PREFIX, ROUTES, Route

TITLE = "Quartier API"
VERSION = "1.0.0"
STATUS_TEXT = {
    400: "Malformed JSON or multipart body (malformed_json), or JSON nested deeper than "
    f"{MAX_DEPTH} levels (json_too_deep).",
    401: "No valid session (unauthenticated), or wrong credentials.",
    403: "Not allowed (forbidden), or a cookie-authenticated write without its X-CSRF-Token "
    "(csrf_failed).",
    404: "No such thing (not_found).",
    409: "In conflict with the current state (conflict, or a refusal of this route).",
    410: "No longer valid: a link that has expired (a refusal of this route).",
    413: "The body is too large (payload_too_large): 1 MiB of JSON, 5 MiB of upload, 10 MiB of "
    "photo.",
    415: "Wrong Content-Type (unsupported_media_type).",
    422: "Invalid fields (validation_failed, with `fields`: text that is not well-formed "
    "Unicode, holds control or bidi override characters, ...; an `after` beyond the log's end) "
    "or a refusal of the request.",
    429: "Too many requests from this client or resident, or too many reads waiting for "
    "`after` at once (rate_limited); see Retry-After.",
    500: "An unexpected failure (internal), logged with the request id.",
    503: "A capability is unavailable (unavailable), or the read model has not caught up with "
    "`after` yet (not_caught_up); see Retry-After.",
}
REQUEST_ID = {
    "description": "The request's id (a UUID): the correlation id of what it caused.",
    "schema": {"type": "string", "format": "uuid"},
}
IDEMPOTENCY_KEY = {
    "name": IDEMPOTENCY_HEADER,
    "in": "header",
    "required": False,
    "description": "1 to 128 visible ASCII characters. A retry with the same key, by the same "
    "caller, of the same operation repeats the first attempt's commands, which are done once "
    "(same ids and position in the answer). Without it, every request is a new one.",
    "schema": {"type": "string", "pattern": VALID_KEY.pattern},
}
RETRY_AFTER = {"description": "Seconds to wait.", "schema": {"type": "integer"}}
_document: dict[str, Any] | None = None


def document() -> dict[str, Any]:
    """The document (built once: routes are declared at import)."""
    global _document
    if _document is None:
        _document = build(ROUTES)
    return _document


def build(routes: list[Route]) -> dict[str, Any]:
    spec = APISpec(
        title=TITLE,
        version=VERSION,
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={
            "description": "Mutual help between neighbours. Every command answers `position`; "
            "every GET accepts `?after=<position>` and answers once it can show that change."
        },
    )
    spec.components.schema("Error", schema=schemas.Error)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme(
        "cookie", {"type": "apiKey", "in": "cookie", "name": "quartier_session"}
    )
    spec.components.security_scheme(
        "csrf", {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"}
    )
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        paths.setdefault(route.openapi_path, {})[route.method.lower()] = operation(route)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def operation(route: Route) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": _operation_id(route),
        "summary": route.summary,
        "tags": [route.tag],
        "parameters": parameters(route),
        "responses": responses(route),
    }
    if route.description:
        op["description"] = route.description
    if route.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": route.body}},
        }
    elif route.upload is not None:
        op["requestBody"] = {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": [route.upload],
                        "properties": {route.upload: {"type": "string", "format": "binary"}},
                    }
                }
            },
        }
    if route.auth:
        writes = route.method not in ("GET", "HEAD")
        cookie: dict[str, list[str]] = {"cookie": [], "csrf": []} if writes else {"cookie": []}
        op["security"] = [{"bearer": []}, cookie]
    else:
        op["security"] = []
    return op


def parameters(route: Route) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for name, converter in route.path_parameters:
        schema: dict[str, Any] = {"type": "string"}
        if converter == "uuid":
            schema["format"] = "uuid"
        found.append({"name": name, "in": "path", "required": True, "schema": schema})
    if route.query is not None:
        found.append({"in": "query", "schema": route.query})
    if route.method in WRITES:
        found.append(dict(IDEMPOTENCY_KEY))
    if route.method == "GET":
        found.append(
            {
                "name": "after",
                "in": "query",
                "required": False,
                "description": "A position a command answered: wait until it is visible.",
                "schema": {"type": "string", "pattern": r"^[0-9]{1,30}(\.[0-9]{1,30}){0,3}$"},
            }
        )
    return found


def refusals(route: Route) -> tuple[Refusal, ...]:
    """What the services may refuse on `route`: its declared refusals, and a conflict on every
    write a resident makes (services/runtime/doors.py answers it whatever the command)."""
    if route.auth and route.method not in ("GET", "HEAD"):
        return (*route.refusals, CONFLICT)
    return route.refusals


def error_statuses(route: Route) -> set[int]:
    statuses = {500, 503, *route.errors, *(r.status for r in route.refusals)}
    if route.body is not None or route.upload is not None:
        statuses |= {400, 413, 415, 422}
    if route.auth:
        statuses |= {401}
        if route.method not in ("GET", "HEAD"):
            statuses |= {403, 409}  # csrf_failed; conflict: concurrent changes, retry
    if route.method in WRITES:
        statuses |= {422}  # a malformed Idempotency-Key
    if route.limit is not None or route.auth:
        statuses |= {429}  # the route's bucket, or the resident's (access/gate.py)
    if route.path_parameters:
        statuses |= {404}
    if route.method == "GET":
        statuses |= {422, 429}  # a malformed `after`, or too many reads waiting for one
    return statuses


def responses(route: Route) -> dict[str, Any]:
    success: dict[str, Any] = {
        "description": route.summary,
        "headers": {"X-Request-Id": REQUEST_ID},
    }
    if route.answer is not None:
        success["content"] = {"application/json": {"schema": route.answer}}
    answers: dict[str, Any] = {str(status): success for status in (route.status, *route.also)}
    for status in sorted(error_statuses(route)):
        headers: dict[str, Any] = {"X-Request-Id": REQUEST_ID}
        if status in (429, 503):
            headers["Retry-After"] = RETRY_AFTER
        answers[str(status)] = {
            "description": STATUS_TEXT[status],
            "headers": headers,
            "content": {"application/json": {"schema": "Error"}},
        }
        here = [r for r in refusals(route) if r.status == status]
        if here:
            answers[str(status)]["x-refusals"] = [
                {"refusal": r.code, "code": r.answered_code, "message": r.text()} for r in here
            ]
    return answers


def _operation_id(route: Route) -> str:
    words = route.path.replace(PREFIX, "").strip("/").replace("<uuid:", "").replace(">", "")
    return f"{route.method.lower()}_{words.replace('/', '_').replace('-', '_') or 'root'}"
