"""Reading back event data the log already holds: converted field by field, not validated again.

Every event in the log passed its schema when it was appended (the codec's `encode`). A rebuild
reads all of them again, and a full marshmallow load of each cost more than reading the event
(docs/decisions/0038). `load_trusted` converts the stored JSON with the schema's own fields (their
conversion, none of their validators: lengths, choices, ranges, schema-level rules), which costs
a fraction of it. Whatever does not convert (a value of the wrong type, a field missing or
unknown) sends the event through `load_valid`, which names the fault with its usual message: a
tampered or ill-formed row is refused as before, never read as something else. Only the rules
a converted value could still break (a text too long, a choice not offered) go unchecked: they
held at append, and a row altered since is what tamper evidence (`quartier verify`) finds.

    loaded, erased = load_trusted(spec, data)   # as load_valid(spec, data) on a valid event
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from typing import Any

from marshmallow import RAISE, Schema, fields, missing

from .pii import ERASED, is_erased
from .registry import SchemaVersion
from .validation import load_valid, loader

Converter = Callable[[Any, Mapping[str, Any]], Any]
# name, converter, required, None allowed, value when absent
Step = tuple[str, Converter, bool, bool, Any]

_HOOKS = ("pre_load", "post_load")


class Unconverted(Exception):
    """A value the fast path does not convert: the full load decides."""


def load_trusted(
    spec: SchemaVersion, data: Mapping[str, Any]
) -> tuple[dict[str, Any], frozenset[str]]:
    """`load_valid(spec, data)` for data that passed the schema once: the same values, and the
    same InvalidEventData for data that does not convert, without running validators again."""
    steps = steps_of(spec.schema)
    if steps is None:
        return load_valid(spec, data)
    loaded: dict[str, Any] = {}
    erased: list[str] = []
    try:
        if not data.keys() <= names_of(spec.schema):
            raise Unconverted  # an unknown field: the full load names it
        for name, convert, required, nullable, absent in steps:
            value = data.get(name, missing)
            if value is missing:
                if required:
                    raise Unconverted
                if absent is not missing:
                    loaded[name] = absent() if callable(absent) else absent
            elif value is None:
                if not nullable:
                    raise Unconverted
                loaded[name] = None
            elif is_erased(value):
                loaded[name] = ERASED
                erased.append(name)
            else:
                loaded[name] = convert(value, data)
    except Exception:
        # Any failure at all is the full load's to judge: it raises the message it always
        # has, or accepts a value this path is stricter about (then its reading is the one).
        return load_valid(spec, data)
    return loaded, frozenset(erased)


@cache
def names_of(schema: type[Schema]) -> frozenset[str]:
    """The fields `schema` loads: data naming any other is refused."""
    return frozenset(loader(schema).load_fields)


@cache
def steps_of(schema: type[Schema]) -> tuple[Step, ...] | None:
    """How each field of `schema` is read back, or None when only the full load can say
    (schema-level load hooks, or unknown fields kept or dropped rather than refused)."""
    instance = loader(schema)
    if instance.unknown != RAISE or any(instance._hooks[hook] for hook in _HOOKS):
        return None
    return tuple(
        (name, _converter(name, field), field.required, field.allow_none, field.load_default)
        for name, field in instance.load_fields.items()
    )


def _converter(name: str, field: fields.Field[Any]) -> Converter:
    if field.pre_load or field.post_load:
        return lambda value, data: field.deserialize(value, name, data)
    kind = type(field)
    # The commonest fields, converted as their own _deserialize does for JSON input.
    if kind in (fields.String, fields.Email, fields.Url):
        return _text
    if kind is fields.UUID:
        return to_uuid
    if (
        isinstance(field, fields.AwareDateTime)
        and kind is fields.AwareDateTime
        and field.format in (None, "iso", "iso8601")
        and field.default_timezone is None
    ):
        return _aware
    # Any other field converts as marshmallow converts it (nested schemas load in full).
    convert = field._deserialize
    return lambda value, data: convert(value, name, data)


def _text(value: Any, _data: Mapping[str, Any]) -> str:
    if type(value) is not str:
        raise Unconverted
    return value


def to_uuid(value: Any, _data: Mapping[str, Any]) -> uuid.UUID:
    if type(value) is not str:
        raise Unconverted
    return uuid.UUID(value)


def _aware(value: Any, _data: Mapping[str, Any]) -> datetime:
    if type(value) is not str or not value:
        raise Unconverted
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise Unconverted
    return moment
