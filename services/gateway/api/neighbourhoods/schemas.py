"""The neighbourhoods routes' bodies (api/neighbourhoods/): requests are loaded with these
schemas, answers are cut to them (`shown`), and the OpenAPI document is generated from them.
A boundary's GeoJSON is checked by its own field (boundary.py)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.gateway.api.neighbourhoods.boundary import Boundary
from services.gateway.http.schemas import made
from services.gateway.http.text import Text

MAX_NAME, MAX_DESCRIPTION, MAX_NOTE = 80, 2000, 500
ROLES = ("founder", "moderator", "member")
STATUSES = ("forming", "open")


def _not_blank(text: str) -> bool:
    if not text.strip():
        raise ValidationError("Write something other than spaces.")
    return True


def _words(longest: int, **kwargs: Any) -> fields.String:
    return Text(1, longest, validate=[_not_blank], **kwargs)


# Requests


class NeighbourhoodsAround(Schema):
    """GET /neighbourhoods: a place, or nothing for around my verified home."""

    lat = fields.Float(validate=validate.Range(-90, 90), metadata={"description": "Latitude"})
    lon = fields.Float(validate=validate.Range(-180, 180), metadata={"description": "Longitude"})

    @validates_schema
    def _together(self, data: dict[str, Any], **kwargs: Any) -> None:
        missing = [name for name in ("lat", "lon") if name not in data]
        if len(missing) == 1:
            raise ValidationError("Give lat and lon together, or neither.", missing[0])


class NeighbourhoodCreation(Schema):
    name = _words(MAX_NAME, required=True)
    description = Text(0, MAX_DESCRIPTION, lines=True, load_default="")
    boundary = Boundary(required=True)


class NeighbourhoodChange(Schema):
    name = _words(MAX_NAME)
    description = Text(0, MAX_DESCRIPTION, lines=True)
    boundary = Boundary()
    reason = _words(
        MAX_NOTE, lines=True, metadata={"description": "Why the boundary changes (moderation log)."}
    )

    @validates_schema
    def _something(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not {"name", "description", "boundary"} & set(data):
            raise ValidationError("Change the name, the description or the boundary.", "_body")
        if "reason" in data and "boundary" not in data:
            raise ValidationError("A reason goes with a new boundary.", "reason")


class MemberRemoval(Schema):
    reason = _words(
        MAX_NOTE, lines=True, required=True, metadata={"description": "Shown to the member."}
    )


class ModeratorDismissal(Schema):
    reason = _words(MAX_NOTE, lines=True, required=True)


class ModeratorAppointment(Schema):
    resident_id = fields.UUID(required=True)


class RejoinRequest(Schema):
    message = Text(0, MAX_NOTE, lines=True, load_default=None, allow_none=True)


# Answers


NeighbourhoodCreated = made("NeighbourhoodCreated", "neighbourhood_id")


class NeighbourhoodFound(Schema):
    neighbourhood_id = fields.UUID(required=True)
    name = fields.String(required=True)
    boundary = Boundary(answer=True, required=True)
    member_count = fields.Integer(required=True)
    status = fields.String(
        required=True,
        validate=validate.OneOf(STATUSES),
        metadata={"description": "forming until it has enough verified members, then open."},
    )
    contains = fields.Boolean(required=True, metadata={"description": "The place is inside."})
    distance_m = fields.Integer(required=True, metadata={"description": "0 when inside."})


class NeighbourhoodsFound(Schema):
    neighbourhoods = fields.List(
        fields.Nested(NeighbourhoodFound),
        required=True,
        metadata={"description": "Those holding the place, then those within 1 km, nearest first."},
    )


class Neighbour(Schema):
    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)


class NeighbourhoodViewer(Schema):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    since = fields.AwareDateTime(required=True)
    moderator_offer = fields.Boolean(required=True)


class RejoinRequestShown(Schema):
    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)
    message = fields.String(required=True, allow_none=True)
    requested_at = fields.AwareDateTime(required=True)


class ModeratorOfferShown(Schema):
    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)
    offered_at = fields.AwareDateTime(required=True)


class Neighbourhood(Schema):
    """Anyone signed in sees the first five; members the rest; moderators also the requests."""

    neighbourhood_id = fields.UUID(required=True)
    name = fields.String(required=True)
    boundary = Boundary(answer=True, required=True)
    member_count = fields.Integer(required=True)
    member = fields.Boolean(required=True, metadata={"description": "Whether I am a member."})
    description = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES))
    area_km2 = fields.Float()
    founder = fields.Nested(Neighbour)
    created_at = fields.AwareDateTime()
    opened_at = fields.AwareDateTime(allow_none=True)
    viewer = fields.Nested(NeighbourhoodViewer)
    rejoin_requests = fields.List(fields.Nested(RejoinRequestShown))
    moderator_offers = fields.List(fields.Nested(ModeratorOfferShown))


class MemberAddress(Schema):
    """As the member discloses it: the street only, or the whole address."""

    street = fields.String(required=True, allow_none=True)
    line = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    city = fields.String(allow_none=True)


class NeighbourhoodMember(Schema):
    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    since = fields.AwareDateTime(required=True)
    address_disclosure = fields.String(required=True)
    address = fields.Nested(MemberAddress, required=True, allow_none=True)
    erased = fields.Boolean(required=True)


class NeighbourhoodMembers(Schema):
    members = fields.List(
        fields.Nested(NeighbourhoodMember),
        required=True,
        metadata={"description": "The founder, the moderators, then the members, by seniority."},
    )


class ModerationActor(Schema):
    """A resident, or the platform itself (`system` names the rule that acted)."""

    resident_id = fields.UUID()
    display_name = fields.String(allow_none=True)
    system = fields.String()


class ProposalStatus(Schema):
    """The boundary proposal a moderation log entry is about, and where it stands."""

    proposal_id = fields.UUID(required=True)
    status = fields.String(
        required=True, validate=validate.OneOf(("pending", "approved", "rejected"))
    )


class ModerationEntry(Schema):
    at = fields.AwareDateTime(required=True)
    action = fields.String(required=True, metadata={"description": "e.g. member_removed"})
    actor = fields.Nested(ModerationActor, required=True)
    resident = fields.Nested(Neighbour, required=True, allow_none=True)
    reason = fields.String(required=True, allow_none=True)
    reason_withheld = fields.Boolean(
        required=True,
        metadata={"description": "A reason about another member: shown to them and moderators."},
    )
    proposal = fields.Nested(
        ProposalStatus,
        allow_none=True,
        metadata={"description": "The boundary proposal this entry is about, and its status."},
    )
    listing_id = fields.UUID(
        allow_none=True,
        metadata={"description": "The listing this entry is about (hidden, restored, removed)."},
    )


class ModerationLog(Schema):
    entries = fields.List(fields.Nested(ModerationEntry), required=True)


class Membership(Schema):
    """One of my neighbourhoods (GET /me)."""

    neighbourhood_id = fields.UUID(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    since = fields.AwareDateTime(required=True)
    moderator_offer = fields.Boolean(required=True)


def shown(schema: type[Schema] | Schema, data: Any) -> Any:
    """`data` (a service's answer) cut to what `schema` declares, nested schemas too: a field a
    service adds later reaches no client before it is documented."""
    declared = _declared(schema) if isinstance(schema, type) else schema
    if isinstance(data, list):
        return [shown(declared, item) for item in data]
    if not isinstance(data, Mapping):
        return data
    kept: dict[str, Any] = {}
    for name, field in declared.fields.items():
        key = field.data_key or name
        if key in data:
            kept[key] = _shown_field(field, data[key])
    return kept


@cache
def _declared(schema: type[Schema]) -> Schema:
    """One instance of each schema, made once: only its declared fields are read here, and
    making one (its fields and its nested schemas copied) took 7 % of the gateway's samples on a
    board page."""
    return schema()


def _shown_field(field: fields.Field[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, fields.Nested):
        return shown(field.schema, value)
    if isinstance(field, fields.List) and isinstance(value, list):
        return [_shown_field(field.inner, item) for item in value]
    return value
