"""Identity contracts of a resident's account: the e-mail claim, registration, credentials,
profile, preferred language, roles and erasure. Declared, with the other identity contracts, in
contracts.identity.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from ..fields import contract_of, one_of, schema_of, text
from ..pii import pii
from ..registry import OldVersion, declare

MAX_DISPLAY_NAME = 100
DISPLAY_NAME = validate.Length(min=1, max=MAX_DISPLAY_NAME)
EMAIL = validate.Length(max=254)
HASH = validate.Length(min=1, max=512)
"""A salted hash kept instead of a secret: a password, a letter's code."""
ROLES = ("moderator", "operator")
DISCLOSURE_LEVELS = ("street", "full", "none")
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True)
class EmailClaimed:
    """An e-mail address was taken by a resident; no one else may register with it."""

    resident_id: uuid.UUID
    email: str
    claimed_at: datetime


@dataclass(frozen=True)
class EmailReleased:
    """The resident holding the address was erased: the address may be registered again."""

    resident_id: uuid.UUID
    released_at: datetime


@dataclass(frozen=True)
class ResidentRegistered:
    """A person signed up. Their address is not verified yet; they belong to no neighbourhood.
    `language` is the one they chose to be addressed in (the platform's default, French, unless
    they chose otherwise)."""

    resident_id: uuid.UUID
    email: str
    display_name: str
    registered_at: datetime
    language: str = DEFAULT_LANGUAGE


class ResidentRegisteredV2Schema(Schema):
    """Version 2 had no language: every resident was addressed in French."""

    resident_id = fields.UUID(required=True)
    email = pii(fields.Email(required=True, validate=EMAIL))
    display_name = pii(fields.String(required=True, validate=DISPLAY_NAME))
    registered_at = fields.AwareDateTime(required=True)


class ResidentRegisteredV1Schema(Schema):
    """Version 1 asked for a full name; version 2 asks for the name neighbours will see."""

    resident_id = fields.UUID(required=True)
    email = pii(fields.Email(required=True, validate=EMAIL))
    name = pii(fields.String(required=True, validate=DISPLAY_NAME))
    registered_at = fields.AwareDateTime(required=True)


def resident_registered_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # The full name was what neighbours saw until residents could choose a display name.
    data["display_name"] = data.pop("name")
    return data


def resident_registered_v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    # Before residents could choose, French was the only language the platform spoke: this is
    # a fact about those registrations, not a guess.
    data["language"] = DEFAULT_LANGUAGE
    return data


@dataclass(frozen=True)
class PasswordChanged:
    """The resident's password was set (at registration) or changed. Holds only an argon2 hash,
    marked personal so that it is shredded on erasure and never reaches analysts."""

    resident_id: uuid.UUID
    password_hash: str
    changed_at: datetime


@dataclass(frozen=True)
class ProfileChanged:
    """The resident changed what neighbours see: display name, phone, how much of the address."""

    resident_id: uuid.UUID
    display_name: str
    phone: str | None
    address_disclosure: str
    changed_at: datetime


@dataclass(frozen=True)
class LanguageChanged:
    """The resident chose another language to be addressed in (web client, e-mails, letters).

    An event of its own rather than a version 2 of ProfileChanged holding `language`: an
    upcaster reads one event alone, so it cannot know which language the resident had when a
    v1 ProfileChanged was recorded; giving it the default would make the fold reset the
    resident's choice whenever such an event comes after it (one written by a replica not yet
    upgraded, during a rolling deploy). The language is also no part of what neighbours see, which
    is what ProfileChanged holds: it is a preference, for whoever writes to the resident. Not
    personal data, so stored in clear. Recorded only when the language actually changes."""

    resident_id: uuid.UUID
    language: str
    changed_at: datetime


@dataclass(frozen=True)
class RoleGranted:
    """A role was granted: moderator of one neighbourhood, or operator of the whole platform."""

    resident_id: uuid.UUID
    role: str
    neighbourhood_id: uuid.UUID | None
    granted_at: datetime


@dataclass(frozen=True)
class RoleRevoked:
    """A role granted earlier was taken back."""

    resident_id: uuid.UUID
    role: str
    neighbourhood_id: uuid.UUID | None
    revoked_at: datetime


@dataclass(frozen=True)
class ResidentErased:
    """A resident asked to be forgotten: their key is destroyed, their personal data unreadable."""

    resident_id: uuid.UUID
    erased_at: datetime


RESIDENT_REGISTERED = declare(
    "identity.ResidentRegistered",
    3,
    ResidentRegistered,
    schema_of(
        ResidentRegistered,
        email=pii(fields.Email(required=True, validate=EMAIL)),
        display_name=pii(text(DISPLAY_NAME)),
        language=one_of(LANGUAGES),
    ),
    subject="resident_id",
    history=[
        OldVersion(1, ResidentRegisteredV1Schema, upcast=resident_registered_v1_to_v2),
        OldVersion(2, ResidentRegisteredV2Schema, upcast=resident_registered_v2_to_v3),
    ],
)
RESIDENT_ERASED = contract_of("identity", ResidentErased, "resident_id")
EMAIL_CLAIMED = contract_of(
    "identity", EmailClaimed, "resident_id", email=pii(fields.Email(required=True, validate=EMAIL))
)
EMAIL_RELEASED = contract_of("identity", EmailReleased, "resident_id")
PASSWORD_CHANGED = contract_of(
    "identity",
    PasswordChanged,
    "resident_id",
    password_hash=pii(text(HASH)),
)
PROFILE_CHANGED = contract_of(
    "identity",
    ProfileChanged,
    "resident_id",
    display_name=pii(text(DISPLAY_NAME)),
    phone=pii(text(validate.Length(max=30), nullable=True)),
    address_disclosure=one_of(DISCLOSURE_LEVELS),
)
LANGUAGE_CHANGED = contract_of(
    "identity", LanguageChanged, "resident_id", language=one_of(LANGUAGES)
)
ROLE_GRANTED = contract_of("identity", RoleGranted, "resident_id", role=one_of(ROLES))
ROLE_REVOKED = contract_of("identity", RoleRevoked, "resident_id", role=one_of(ROLES))
