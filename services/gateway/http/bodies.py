"""Request bodies: JSON (at most 1 MiB, nested at most 32 deep) validated by the route's schema,
or one uploaded file (multipart/form-data, at most 5 MiB, or what its route declares: photos). A
declared Content-Length over the cap is refused before anything is read; without one (chunked),
reading stops at the cap.
NaN and Infinity, which Python's json accepts but JSON does not have, are malformed JSON."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from marshmallow import Schema, ValidationError
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request

from services.gateway.http.errors import (
    MALFORMED_MULTIPART,
    answer,
    json_too_deep,
    malformed_json,
    payload_too_large,
    unsupported_media_type,
    validation_failed,
)

MAX_JSON = 1024 * 1024
# Deep enough for any body of the API (a GeoJSON MultiPolygon in a Feature is 6), shallow
# enough that nothing downstream (schemas, fingerprints, the codec) ever recurses far.
MAX_DEPTH = 32
MAX_UPLOAD = 5 * 1024 * 1024
# Room for the multipart boundaries and headers around the file itself.
MULTIPART_OVERHEAD = 64 * 1024


def json_body(request: Request, schema: type[Schema]) -> dict[str, Any]:
    """The request's JSON object, loaded by `schema`."""
    if request.mimetype != "application/json":
        raise unsupported_media_type("application/json")
    raw = _read(request, MAX_JSON)
    text = _decoded(raw)
    if _depth(text) > MAX_DEPTH:
        raise json_too_deep(MAX_DEPTH)
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except ValueError:  # also an integer of more digits than Python converts
        raise malformed_json() from None
    return load(schema, data)


def load(schema: type[Schema], data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise validation_failed({"_body": ["Send a JSON object."]})
    try:
        loaded: dict[str, Any] = schema().load(data)
    except ValidationError as exc:
        raise validation_failed(_flat(exc.normalized_messages())) from None
    return loaded


def upload(request: Request, name: str, largest: int | None = None) -> bytes:
    """The content of file field `name` of a multipart/form-data request, of at most `largest`
    bytes (MAX_UPLOAD unless the route says otherwise: photos)."""
    if request.mimetype != "multipart/form-data":
        raise unsupported_media_type("multipart/form-data")
    cap = MAX_UPLOAD if largest is None else largest
    request.max_content_length = cap + MULTIPART_OVERHEAD
    request.max_form_memory_size = MULTIPART_OVERHEAD
    try:
        stored = request.files.get(name)
        content = stored.stream.read(cap + 1) if stored is not None else None
    except RequestEntityTooLarge:
        raise payload_too_large(cap) from None
    except ValueError:
        raise answer(MALFORMED_MULTIPART) from None
    if content is None:
        raise validation_failed({name: ["Attach a file in this field."]})
    if len(content) > cap:
        raise payload_too_large(cap)
    return content


def _decoded(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise malformed_json() from None


def _depth(text: str) -> int:
    """How deep arrays and objects nest in `text`, counted before parsing (so that a deep
    body never reaches a recursive parser); brackets inside strings do not count. Linear:
    an unterminated string runs to the end instead of being tried again at every quote."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _read(request: Request, limit: int) -> bytes:
    request.max_content_length = limit
    try:
        raw = request.stream.read(limit + 1)
        # A chunked body is cut at the cap without a word: one more byte tells.
        if len(raw) > limit or (len(raw) == limit and request.stream.read(1)):
            raise payload_too_large(limit)
    except RequestEntityTooLarge:
        raise payload_too_large(limit) from None
    return raw


def _flat(messages: Any) -> dict[str, list[str]]:
    """marshmallow's nested messages as {field: [message]} (nested fields dotted)."""
    if isinstance(messages, list):
        return {"_body": [str(m) for m in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        if isinstance(value, dict):
            for inner, texts in _flat(value).items():
                flat[f"{key}.{inner}"] = texts
        else:
            flat[str(key)] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return flat
