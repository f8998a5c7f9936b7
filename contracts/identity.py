"""Contracts of the identity context: residents and their accounts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from .pii import pii
from .registry import EventContract, OldVersion, declare

DISPLAY_NAME = validate.Length(min=1, max=100)


@dataclass(frozen=True)
class ResidentRegistered:
    """A person signed up. Their address is not verified yet; they belong to no neighbourhood."""

    resident_id: uuid.UUID
    email: str
    display_name: str
    registered_at: datetime


class ResidentRegisteredSchema(Schema):
    resident_id = fields.UUID(required=True)
    email = pii(fields.Email(required=True, validate=validate.Length(max=254)))
    display_name = pii(fields.String(required=True, validate=DISPLAY_NAME))
    registered_at = fields.AwareDateTime(required=True)


class ResidentRegisteredV1Schema(Schema):
    """Version 1 asked for a full name; version 2 asks for the name neighbours will see."""

    resident_id = fields.UUID(required=True)
    email = pii(fields.Email(required=True, validate=validate.Length(max=254)))
    name = pii(fields.String(required=True, validate=DISPLAY_NAME))
    registered_at = fields.AwareDateTime(required=True)


def resident_registered_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # The full name was what neighbours saw until residents could choose a display name.
    data["display_name"] = data.pop("name")
    return data


@dataclass(frozen=True)
class ResidentErased:
    """A resident asked to be forgotten: their key is destroyed, their personal data unreadable."""

    resident_id: uuid.UUID
    erased_at: datetime


class ResidentErasedSchema(Schema):
    resident_id = fields.UUID(required=True)
    erased_at = fields.AwareDateTime(required=True)


RESIDENT_REGISTERED = declare(
    "identity.ResidentRegistered",
    2,
    ResidentRegistered,
    ResidentRegisteredSchema,
    subject="resident_id",
    history=[OldVersion(1, ResidentRegisteredV1Schema, upcast=resident_registered_v1_to_v2)],
)

RESIDENT_ERASED = declare(
    "identity.ResidentErased", 1, ResidentErased, ResidentErasedSchema, subject="resident_id"
)

CONTRACTS: tuple[EventContract, ...] = (RESIDENT_REGISTERED, RESIDENT_ERASED)
