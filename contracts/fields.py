"""Field builders shared by every context's contracts, and the schema read off a dataclass.

An event's dataclass already says which of its fields are ids and times, and whether they may be
None: `schema_of` writes those fields from it, so that each context states only the fields that
carry a rule of their own (text lengths, choices, counts, personal data).
"""

from __future__ import annotations

import dataclasses
import types
import typing
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from .errors import DeclarationError
from .registry import EventContract, declare


def text(rule: validate.Validator, nullable: bool = False) -> fields.String:
    """Required text checked by `rule`; None allowed when `nullable`."""
    if nullable:
        return fields.String(required=True, allow_none=True, validate=rule)
    return fields.String(required=True, validate=rule)


def one_of(choices: Sequence[str]) -> fields.String:
    """Required text naming one of `choices`."""
    return fields.String(required=True, validate=validate.OneOf(choices))


def count(rule: validate.Validator) -> fields.Integer:
    """A required whole number (never a float or a string) checked by `rule`."""
    return fields.Integer(required=True, strict=True, validate=rule)


_PLAIN: dict[Any, type[fields.Field[Any]]] = {
    uuid.UUID: fields.UUID,
    datetime: fields.AwareDateTime,
}


def _plain(name: str, hint: Any) -> fields.Field[Any]:
    nullable = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        named = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        nullable = len(named) == 1
        hint = named[0] if nullable else hint
    kind = _PLAIN.get(hint)
    if kind is None:
        raise DeclarationError(f"field {name} ({hint!r}) needs a declared schema field")
    if nullable:
        return kind(required=True, allow_none=True)
    return kind(required=True)


def schema_of(cls: type, **declared: fields.Field[Any]) -> type[Schema]:
    """The schema storing the dataclass `cls`, named after it: ids (uuid.UUID) and times
    (datetime, aware) come from its annotations, "X | None" allowing None; every other field is
    given in `declared`."""
    hints = typing.get_type_hints(cls)
    names = [field.name for field in dataclasses.fields(cls)]
    unknown = set(declared) - set(names)
    if unknown:
        raise DeclarationError(f"{cls.__name__} has no field {sorted(unknown)}")
    built = {
        name: declared[name] if name in declared else _plain(name, hints[name]) for name in names
    }
    return Schema.from_dict(built, name=f"{cls.__name__}Schema")


def contract_of(
    context: str, cls: type, subject: str | None = None, **declared: fields.Field[Any]
) -> EventContract:
    """Version 1 of the event type `<context>.<name of cls>`, stored by `schema_of(cls, ...)`."""
    return declare(f"{context}.{cls.__name__}", 1, cls, schema_of(cls, **declared), subject)
