"""The API's request and response bodies. Requests are loaded (validated) with these schemas;
the OpenAPI document is generated from the very same ones (http/openapi.py), so neither can drift.
Unknown fields in a request are refused (422), so that a typo never passes unnoticed."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from contracts.identity.accounts import DISCLOSURE_LEVELS, LANGUAGES
from services.gateway.api.neighbourhoods.schemas import Membership
from services.gateway.http.schemas import made, position
from services.gateway.http.text import EmailText, Text

# Requests


class RegisterRequest(Schema):
    email = EmailText(1, 254, required=True)
    password = Text(1, 4096, secret=True, required=True)
    display_name = Text(1, 100, name=True, required=True)
    language = Text(validate=validate.OneOf(LANGUAGES), load_default=None)


class SignInRequest(Schema):
    email = Text(1, 254, required=True)
    password = Text(1, 4096, secret=True, required=True)


class ProfilePatch(Schema):
    display_name = Text(1, 100, name=True)
    phone = Text(1, 30, allow_none=True)
    disclosure = Text(validate=validate.OneOf(DISCLOSURE_LEVELS))
    language = Text(validate=validate.OneOf(LANGUAGES))


class PasswordChange(Schema):
    current = Text(1, 4096, secret=True, required=True)
    new = Text(1, 4096, secret=True, required=True)


class PasswordResetRequest(Schema):
    email = EmailText(1, 254, required=True)


class NewPassword(Schema):
    password = Text(1, 4096, secret=True, required=True)


class ErasureRequest(Schema):
    password = Text(1, 4096, secret=True, required=True)


class AddressDeclaration(Schema):
    line = Text(1, 200, required=True)
    postcode = Text(1, 20, required=True)
    city = Text(1, 100, required=True)
    country = Text(validate=validate.Regexp(r"^[A-Z]{2}$"), load_default="FR", dump_default="FR")
    method = Text(validate=validate.OneOf(("letter", "document")), load_default="letter")


class CodeEntry(Schema):
    code = Text(1, 40, required=True)


# Responses


Registered = made("Registered", "resident_id")


class SessionStarted(Schema):
    token = fields.String(
        required=True, metadata={"description": "Send it as Authorization: Bearer <token>."}
    )
    resident_id = fields.UUID(required=True)
    csrf_token = fields.String(
        required=True,
        metadata={"description": "Send it as X-CSRF-Token on cookie-authenticated writes."},
    )
    expires_at = fields.AwareDateTime(required=True)
    position = position()


class Role(Schema):
    role = fields.String(required=True)
    neighbourhood_id = fields.UUID(required=True, allow_none=True)


class Point(Schema):
    lat = fields.Float(required=True)
    lon = fields.Float(required=True)


class AddressStatus(Schema):
    status = fields.String(
        required=True,
        validate=validate.OneOf(("unverified", "pending_letter", "pending_document", "verified")),
    )
    method = fields.String(required=True, allow_none=True)
    verified_at = fields.AwareDateTime(required=True, allow_none=True)
    letter_expires_at = fields.AwareDateTime(required=True, allow_none=True)
    attempts_left = fields.Integer(required=True, allow_none=True)
    vouches = fields.Integer(required=True)
    home = fields.Nested(
        Point,
        allow_none=True,
        metadata={"description": "My verified home (for my own maps); null until verified."},
    )


class Me(Schema):
    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)
    phone = fields.String(required=True, allow_none=True)
    disclosure = fields.String(required=True, validate=validate.OneOf(DISCLOSURE_LEVELS))
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    email_confirmed = fields.Boolean(
        required=True,
        metadata={"description": "Whether the resident opened the link sent to their address."},
    )
    roles = fields.List(fields.Nested(Role), required=True)
    address = fields.Nested(AddressStatus, required=True)
    neighbourhoods = fields.List(
        fields.Nested(Membership),
        required=True,
        allow_none=True,
        metadata={"description": "null when they are unavailable right now (see unavailable)."},
    )
    unavailable = fields.List(
        fields.String(),
        metadata={"description": 'What could not be read just now ("neighbourhoods").'},
    )
    calendar_url = fields.String(
        allow_none=True,
        metadata={"description": "My private iCalendar feed of bookings and trips."},
    )


class AddressPending(Schema):
    status = fields.String(required=True, validate=validate.Equal("pending"))
    method = fields.String(required=True, validate=validate.OneOf(("letter", "document")))
    position = position()


class AddressVerified(Schema):
    status = fields.String(required=True, validate=validate.Equal("verified"))
    position = position()


class Export(Schema):
    class Meta:
        unknown = "include"


__all__ = [
    "AddressDeclaration",
    "AddressPending",
    "AddressVerified",
    "CodeEntry",
    "Export",
    "Me",
    "PasswordChange",
    "ProfilePatch",
    "RegisterRequest",
    "Registered",
    "SessionStarted",
    "SignInRequest",
]


class ResetRequested(Schema):
    status = fields.String(
        required=True,
        validate=validate.Equal("requested"),
        metadata={"description": "The same answer whether an account uses the address or not."},
    )
