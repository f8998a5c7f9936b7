"""The bodies every context's routes share: the one error shape, and a command's answer (its
position in the log)."""

from __future__ import annotations

from typing import Any, ClassVar

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

POSITION = "The log position of the change: pass it as ?after= to read it back."


def position() -> fields.String:
    """The `position` a command answers."""
    return fields.String(required=True, allow_none=True, metadata={"description": POSITION})


def made(name: str, key: str) -> type[Schema]:
    """The answer `name` of a command that makes something: its id (`key`) and the position."""
    return Schema.from_dict({key: fields.UUID(required=True), "position": position()}, name=name)


class ErrorDetail(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    field_errors = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "What is wrong with each field of the request."},
    )
    details = fields.Dict(
        metadata={"description": "Numbers a client may show (distance_m, limit, ...)."}
    )


class Error(Schema):
    error = fields.Nested(ErrorDetail, required=True)


class Positioned(Schema):
    position = position()


class Decision(Schema):
    """An operator's or a moderator's decision: approve, or reject saying why. Each route's body
    adds its `reason` field (its own length and description) and says what is rejected."""

    DECISIONS: ClassVar[tuple[str, ...]] = ("approve", "reject")
    REJECTED: ClassVar[str] = "Say why it is rejected."

    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))

    @validates_schema
    def _why(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            raise ValidationError(self.REJECTED, "reason")
