"""The notifications routes' bodies: requests loaded with these schemas, answers cut to them,
the OpenAPI document generated from them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from contracts.notifications.preferences import HOURS
from contracts.notifications.types import CHANNELS, CHOSEN, FREQUENCIES, TYPES
from services.gateway.http.schemas import position

CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
# A notification's id; a number is a cursor of the previous version, still read.
CURSOR = (
    r"^([0-9]{1,18}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
)


class Notification(Schema):
    notification_id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    params = fields.Dict(
        required=True,
        metadata={"description": "What the notification's text shows (ids, a title, a name)."},
    )
    link = fields.String(required=True, metadata={"description": "The web client's page."})
    read = fields.Boolean(required=True)
    created_at = fields.String(required=True)


class Notifications(Schema):
    items = fields.List(fields.Nested(Notification), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class InboxQuery(Schema):
    unread = fields.Boolean(load_default=False)
    cursor = fields.String(
        validate=validate.Regexp(CURSOR),
        metadata={"description": "next_cursor of the page shown: older notifications."},
    )
    limit = fields.Integer(strict=False, validate=validate.Range(1, 100), load_default=20)


class UnreadCount(Schema):
    count = fields.Integer(required=True)


class Marked(Schema):
    position = position()


class Channels(Schema):
    in_app = fields.Boolean()
    email = fields.Boolean()


class QuietHours(Schema):
    start = fields.String(required=True, validate=validate.Regexp(CLOCK))
    end = fields.String(required=True, validate=validate.Regexp(CLOCK))


class Preferences(Schema):
    types = fields.Dict(
        keys=fields.String(validate=validate.OneOf(CHOSEN)),
        values=fields.Dict(
            keys=fields.String(validate=validate.OneOf(CHANNELS)), values=fields.Boolean()
        ),
        required=True,
        metadata={"description": "{type: {in_app, email}} for every type a resident chooses."},
    )
    email_frequency = fields.String(required=True, validate=validate.OneOf(FREQUENCIES))
    digest_hour = fields.Integer(
        required=True, strict=True, validate=validate.Range(HOURS.min, HOURS.max)
    )
    quiet_hours = fields.Nested(QuietHours, required=True, allow_none=True)
    time_zone = fields.String(required=True, validate=validate.Length(1, 64))


class UnsubscribeQuery(Schema):
    token = fields.String(required=True, validate=validate.Length(1, 200))


class Unsubscription(Schema):
    type = fields.String(required=True, validate=validate.OneOf(CHOSEN))
    email = fields.Boolean(
        required=True, metadata={"description": "Whether e-mails of this type are still sent."}
    )


class Unsubscribed(Schema):
    type = fields.String(required=True)
    position = position()
