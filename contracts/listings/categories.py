"""What a listing is: its kind, its category and the details each category carries.

The details of each category are validated by one schema here, read by the domain (before an
event is recorded), by the event's contract and by the gateway (422 per field, named
`details.<field>`). Unknown fields are refused. Money is in euros (a number with at most two
decimals), times are ISO 8601 with an offset, points are `{lat, lon, label?}`. A validated
`details` is stored as the plain JSON the schema dumps, so that what was checked is what is kept.
"""

from __future__ import annotations

import math
import zoneinfo
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

KINDS = ("offer", "request")
CATEGORIES = (
    "service",
    "loan",
    "rental",
    "transport",
    "good_deal",
    "barter",
    "giveaway",
    "group_purchase",
    "alert",
)
KINDS_BY_CATEGORY: Mapping[str, tuple[str, ...]] = {
    **{category: KINDS for category in CATEGORIES},
    # A notice and a tip are given to the neighbourhood; nobody asks for one.
    "good_deal": ("offer",),
    "alert": ("offer",),
}
SKILLS = (
    "gardening",
    "diy",
    "computer_help",
    "childcare",
    "pet_sitting",
    "tutoring",
    "moving_help",
    "cooking",
    "sewing",
    "other",
)
"""The fixed, translatable skill tags of a service (the web client names each in its language);
free tags may be added beside them."""
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALERT_TYPES = (
    "lost_pet",
    "found_pet",
    "lost_object",
    "found_object",
    "weather",
    "safety",
    "other",
)
ALLOCATIONS = ("first_come", "giver_chooses")
VOCABULARY: Mapping[str, Any] = {
    "kinds": KINDS,
    "categories": CATEGORIES,
    "kinds_by_category": KINDS_BY_CATEGORY,
    "skills": SKILLS,
    "weekdays": WEEKDAYS,
    "alert_types": ALERT_TYPES,
    "allocations": ALLOCATIONS,
}
"""The words a client offers as choices, served at GET /api/v1/vocabulary (and named in each
language by the web client's messages)."""

MAX_TAGS = 10
MAX_TAG = 30
MAX_SHORT = 200  # an item, a product, a unit, a place, a label
MAX_NOTES = 1000  # a condition, pickup notes, what is given or wanted
MAX_MONEY = 100_000
MAX_SEATS = 8
MAX_ROUTE_POINTS = 50
MAX_QUANTITY = 1_000_000


class Money(fields.Number[float]):
    """Euros: a non-negative number with at most two decimals, kept as a JSON number."""

    num_type = float
    default_error_messages = {"money": "Give an amount in euros, with at most two decimals."}

    def _validated(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("money")
        try:
            amount = Decimal(str(value))
        except ArithmeticError:
            raise self.make_error("money") from None
        if not amount.is_finite() or amount < 0 or amount > MAX_MONEY:
            raise self.make_error("money")
        if amount != amount.quantize(Decimal("0.01")):
            raise self.make_error("money")
        return float(amount)


def _finite(value: float) -> None:
    if not math.isfinite(value):
        raise ValidationError("Give a finite number.")


class Point(Schema):
    class Meta:
        unknown = RAISE

    lat = fields.Float(required=True, validate=[_finite, validate.Range(-90, 90)])
    lon = fields.Float(required=True, validate=[_finite, validate.Range(-180, 180)])
    label = fields.String(validate=validate.Length(min=1, max=MAX_SHORT))


def _time_zone(name: str) -> None:
    """An IANA time zone (Europe/Paris when a weekly trip names none)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError("An IANA time zone, such as Europe/Paris.") from error


class Weekly(Schema):
    class Meta:
        unknown = RAISE

    days = fields.List(
        fields.String(validate=validate.OneOf(WEEKDAYS)),
        required=True,
        validate=[validate.Length(min=1, max=7), lambda days: len(set(days)) == len(days)],
    )
    time = fields.String(required=True, validate=validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$"))
    time_zone = fields.String(validate=_time_zone)


def _short(required: bool = True) -> fields.String:
    return fields.String(required=required, validate=validate.Length(min=1, max=MAX_SHORT))


def _notes(required: bool = False) -> fields.String:
    return fields.String(required=required, validate=validate.Length(min=1, max=MAX_NOTES))


class Details(Schema):
    class Meta:
        unknown = RAISE


def _tag(value: str) -> None:
    if value not in SKILLS and not (1 <= len(value.strip()) <= MAX_TAG):
        raise ValidationError(f"A free tag has 1 to {MAX_TAG} characters.")


class ServiceDetails(Details):
    tags = fields.List(
        fields.String(validate=_tag), required=True, validate=validate.Length(max=MAX_TAGS)
    )
    paid = fields.Boolean(required=True, truthy={True}, falsy={False})
    price = Money()

    @validates_schema
    def _price_when_paid(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("paid") and "price" not in data:
            raise ValidationError("A paid service says its price.", "price")
        if not data.get("paid") and "price" in data:
            raise ValidationError("A free service has no price.", "price")


class LoanDetails(Details):
    item = _short()
    condition = _notes()
    pickup_notes = _notes()


class RentalDetails(LoanDetails):
    price_per_day = Money(required=True)
    deposit = Money()


class TransportDetails(Details):
    from_ = fields.Nested(Point, required=True, data_key="from")
    to = fields.Nested(Point, required=True)
    # The points the driver drew between from and to, in order (none: a straight line).
    route = fields.List(fields.Nested(Point), validate=validate.Length(max=MAX_ROUTE_POINTS))
    seats = fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_SEATS))
    departure = fields.AwareDateTime()
    weekly = fields.Nested(Weekly)
    contribution_per_seat = Money()

    @validates_schema
    def _one_schedule(self, data: dict[str, Any], **_: Any) -> None:
        if ("departure" in data) == ("weekly" in data):
            raise ValidationError("Give either a departure time or a weekly schedule.", "departure")


class GoodDealDetails(Details):
    where = _short()
    until = fields.AwareDateTime()
    link = fields.Url(schemes={"http", "https"}, validate=validate.Length(max=2000))


class BarterDetails(Details):
    gives = _notes(required=True)
    wants = _notes(required=True)


class GiveawayDetails(Details):
    allocation = fields.String(required=True, validate=validate.OneOf(ALLOCATIONS))


class GroupPurchaseDetails(Details):
    product = _short()
    unit = _short()
    unit_price = Money(required=True)
    minimum_quantity = fields.Integer(
        required=True, strict=True, validate=validate.Range(1, MAX_QUANTITY)
    )
    deadline = fields.AwareDateTime(required=True)


class AlertDetails(Details):
    alert_type = fields.String(required=True, validate=validate.OneOf(ALERT_TYPES))


DETAILS: Mapping[str, type[Details]] = {
    "service": ServiceDetails,
    "loan": LoanDetails,
    "rental": RentalDetails,
    "transport": TransportDetails,
    "good_deal": GoodDealDetails,
    "barter": BarterDetails,
    "giveaway": GiveawayDetails,
    "group_purchase": GroupPurchaseDetails,
    "alert": AlertDetails,
}
"""The schema of each category's details."""


def details_errors(category: str, details: Any) -> dict[str, list[str]]:
    """The problems of `details` for `category`, keyed `details.<field>` (empty when valid)."""
    schema = DETAILS.get(category)
    if schema is None:
        return {"category": [f"One of: {', '.join(CATEGORIES)}."]}
    if not isinstance(details, Mapping):
        return {"details": ["Give the details as an object."]}
    try:
        schema().load(details)
    except ValidationError as error:
        return _flat("details", error.normalized_messages())  # type: ignore[no-untyped-call]
    return {}


def normalised_details(category: str, details: Mapping[str, Any]) -> dict[str, Any]:
    """`details` as stored: loaded by its category's schema and dumped back to plain JSON.
    Raises ValidationError when they are not valid."""
    schema = DETAILS[category]()
    result: dict[str, Any] = schema.dump(schema.load(details))
    return result


def _flat(prefix: str, messages: Any) -> dict[str, list[str]]:
    if isinstance(messages, list):
        return {prefix: [str(message) for message in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        name = prefix if key == "_schema" else f"{prefix}.{key}"
        for field_name, texts in _flat(name, value).items():
            flat.setdefault(field_name, []).extend(texts)
    return flat
