"""A resident's notification preferences: stream `notifications.preferences-<resident_id>`.

Not personal data (choices about types, hours and a time zone), so stored in clear.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import fields, validate

from ..fields import contract_of, count, one_of, text
from .types import CHANNELS, CHOSEN, FREQUENCIES

HOURS = validate.Range(min=0, max=23)
CLOCK = validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
ZONE = validate.Length(min=1, max=64)


@dataclass(frozen=True)
class PreferencesChanged:
    """The resident's whole choice, as it stands now: per type and channel on or off (`types`:
    {type: {in_app, email}}, types not named keep their default), how often e-mails go out,
    the hour of the daily digest and the quiet hours ("HH:MM", local to `time_zone`, None for
    none)."""

    resident_id: uuid.UUID
    types: dict[str, Any]
    email_frequency: str
    digest_hour: int
    quiet_start: str | None
    quiet_end: str | None
    time_zone: str
    changed_at: datetime


@dataclass(frozen=True)
class TypeUnsubscribed:
    """The resident followed an e-mail's unsubscribe link: no more e-mail of this type."""

    resident_id: uuid.UUID
    type: str
    channel: str
    unsubscribed_at: datetime


def _types() -> fields.Dict:
    choice = fields.Dict(
        keys=fields.String(validate=validate.OneOf(CHANNELS)), values=fields.Boolean()
    )
    return fields.Dict(
        required=True, keys=fields.String(validate=validate.OneOf(CHOSEN)), values=choice
    )


PREFERENCES_CHANGED = contract_of(
    "notifications",
    PreferencesChanged,
    types=_types(),
    email_frequency=one_of(FREQUENCIES),
    digest_hour=count(HOURS),
    quiet_start=text(CLOCK, nullable=True),
    quiet_end=text(CLOCK, nullable=True),
    time_zone=text(ZONE),
)
TYPE_UNSUBSCRIBED = contract_of(
    "notifications", TypeUnsubscribed, type=one_of(CHOSEN), channel=one_of(CHANNELS)
)
