"""Request bodies: JSON objects validated by the route's schema, caps, media types."""

from __future__ import annotations

import json

import pytest
from werkzeug.test import EnvironBuilder

from services.gateway.api.identity import schemas
from services.gateway.http import bodies
from services.gateway.http.errors import ApiError

RESIDENT = {"email": "a@example.org", "password": "long enough", "display_name": "A"}


def request(data: bytes, content_type: str = "application/json") -> object:
    return EnvironBuilder(method="POST", data=data, content_type=content_type).get_request()


def refused(call: object, *args: object) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


def test_a_valid_body_is_loaded_with_defaults() -> None:
    loaded = bodies.json_body(request(json.dumps(RESIDENT).encode()), schemas.RegisterRequest)
    assert loaded["email"] == "a@example.org"
    assert loaded["language"] is None


def test_malformed_json_is_400() -> None:
    error = refused(bodies.json_body, request(b"{nope"), schemas.RegisterRequest)
    assert (error.status, error.code) == (400, "malformed_json")


def test_another_media_type_is_415() -> None:
    error = refused(bodies.json_body, request(b"{}", "text/plain"), schemas.RegisterRequest)
    assert (error.status, error.code) == (415, "unsupported_media_type")


def test_more_than_one_mib_is_413() -> None:
    big = b'{"email": "' + b"a" * (1024 * 1024) + b'"}'
    error = refused(bodies.json_body, request(big), schemas.RegisterRequest)
    assert (error.status, error.code) == (413, "payload_too_large")


def test_every_wrong_field_is_named() -> None:
    body = {"email": "not an address", "display_name": "", "language": "de", "extra": 1}
    error = refused(bodies.load, schemas.RegisterRequest, body)
    assert (error.status, error.code) == (422, "validation_failed")
    assert error.fields is not None
    assert set(error.fields) == {"email", "password", "display_name", "language", "extra"}


def test_a_json_array_is_not_a_body() -> None:
    error = refused(bodies.load, schemas.SignInRequest, [])
    assert (error.status, error.fields) == (422, {"_body": ["Send a JSON object."]})


def test_an_address_is_sent_by_letter_in_france_by_default() -> None:
    loaded = bodies.load(
        schemas.AddressDeclaration, {"line": "1 rue", "postcode": "1", "city": "c"}
    )
    assert (loaded["country"], loaded["method"]) == ("FR", "letter")


def test_a_profile_patch_may_name_any_subset() -> None:
    assert bodies.load(schemas.ProfilePatch, {}) == {}
    assert bodies.load(schemas.ProfilePatch, {"phone": None}) == {"phone": None}
    error = refused(bodies.load, schemas.ProfilePatch, {"disclosure": "everything"})
    assert error.fields is not None and "disclosure" in error.fields


def test_an_upload_is_read_from_its_field() -> None:
    builder = EnvironBuilder(
        method="POST", data={"document": (__import__("io").BytesIO(b"%PDF-1.4"), "p.pdf")}
    )
    assert bodies.upload(builder.get_request(), "document") == b"%PDF-1.4"


def test_an_upload_without_its_field_is_422() -> None:
    builder = EnvironBuilder(method="POST", data={"other": "x"}, content_type="multipart/form-data")
    error = refused(bodies.upload, builder.get_request(), "document")
    assert error.fields is not None and "document" in error.fields


def test_json_nested_deeper_than_the_cap_is_400_before_parsing() -> None:
    deep = b'{"a": ' * (bodies.MAX_DEPTH + 1) + b"1" + b"}" * (bodies.MAX_DEPTH + 1)
    error = refused(bodies.json_body, request(deep), schemas.RegisterRequest)
    assert (error.status, error.code) == (400, "json_too_deep")
    error = refused(bodies.json_body, request(b"[" * 100_000), schemas.RegisterRequest)
    assert (error.status, error.code) == (400, "json_too_deep")


def test_brackets_inside_strings_do_not_count_as_depth() -> None:
    body = {**RESIDENT, "display_name": 'A[{"\\' * 20}
    loaded = bodies.json_body(request(json.dumps(body).encode()), schemas.RegisterRequest)
    assert loaded["display_name"] == body["display_name"]


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity", b"9" * 5000])
def test_json_constants_and_endless_integers_are_malformed(constant: bytes) -> None:
    error = refused(
        bodies.json_body, request(b'{"email": ' + constant + b"}"), schemas.RegisterRequest
    )
    assert (error.status, error.code) == (400, "malformed_json")
