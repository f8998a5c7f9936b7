"""Checking event data against its schema, with errors that never quote a personal value."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from marshmallow import Schema, ValidationError

from .errors import InvalidEventData
from .pii import ERASED, is_erased
from .registry import SchemaVersion

WITHHELD = "invalid value (withheld: personal data)"


def dump_valid(spec: SchemaVersion, event: object) -> dict[str, Any]:
    """`event` as JSON-ready data of `spec`, refused unless its schema would load it back."""
    schema = spec.schema()
    try:
        data: dict[str, Any] = schema.dump(event)
    except Exception as exc:  # a value of the wrong type; the message may quote the value
        raise InvalidEventData(
            f"{spec.label} cannot be serialised ({type(exc).__name__})"
        ) from None
    errors = schema.validate(data)
    if errors:
        raise invalid(spec, errors, data)
    return data


def load_valid(
    spec: SchemaVersion, data: Mapping[str, Any]
) -> tuple[dict[str, Any], frozenset[str]]:
    """`data` loaded by its schema, and the fields that are ERASED (kept, and not validated)."""
    erased = frozenset(name for name, value in data.items() if is_erased(value))
    readable = {name: value for name, value in data.items() if name not in erased}
    try:
        loaded: dict[str, Any] = loader(spec.schema).load(readable, partial=tuple(erased))
    except ValidationError as exc:
        raise invalid(spec, exc.messages_dict, data) from None
    loaded.update(dict.fromkeys(erased, ERASED))
    return loaded, erased


@cache
def loader(schema: type[Schema]) -> Schema:
    # One instance per schema, kept: building one (its fields deep-copied) cost more than the
    # load itself, on every event a subscriber or a replay reads. Schemas hold no state between
    # loads (marshmallow 4 has no context), so sharing one is safe.
    return schema()


def invalid(spec: SchemaVersion, errors: Any, data: Mapping[str, Any]) -> InvalidEventData:
    """The validation error, its messages stripped of any personal value they might quote."""
    flat: dict[str, list[str]] = {}
    _flatten(errors, "", flat)
    for path, messages in flat.items():
        field = path.split(".", 1)[0]
        if field in spec.pii:
            value = data.get(field)
            shown = "" if value is None or is_erased(value) else str(value)
            flat[path] = [m if not shown or shown not in m else WITHHELD for m in messages]
    detail = "; ".join(f"{path}: {' '.join(messages)}" for path, messages in sorted(flat.items()))
    return InvalidEventData(f"{spec.label} is invalid: {detail}", flat)


def _flatten(errors: Any, prefix: str, out: dict[str, list[str]]) -> None:
    if isinstance(errors, dict):
        for key, value in errors.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(errors, list | tuple):
        for item in errors:
            _flatten(item, prefix, out)
    else:
        out.setdefault(prefix or "_schema", []).append(str(errors))
