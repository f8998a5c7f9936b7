"""Hypothesis strategies for event data as the log stores it (JSON, personal values in clear),
read off each contract's own schema: its fields, whether they are required or nullable, and the
validators that bound them (lengths, choices, ranges, patterns). Validators the strategies
cannot read (plain functions) are matched by name in SHAPES."""

from __future__ import annotations

import string
from datetime import timedelta, timezone
from typing import Any

from hypothesis import strategies as st
from marshmallow import Schema, fields, validate

from contracts.registry import SchemaVersion
from contracts.validation import loader

# Any JSON value Python's json module reads back the same: no NaN or infinity, integers of any size.
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=10,
)
JSON_SCALARS = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20)
OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


def _square() -> st.SearchStrategy[list[list[float]]]:
    def ring(corner: tuple[float, float], side: float) -> list[list[float]]:
        x, y = corner
        return [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]

    corner = st.tuples(st.floats(-170, 170), st.floats(-80, 80))
    return st.builds(ring, corner, st.floats(0.001, 5))


def _boundaries() -> st.SearchStrategy[dict[str, Any]]:
    polygon = st.lists(_square(), min_size=1, max_size=2)
    return st.one_of(
        st.builds(lambda rings: {"type": "Polygon", "coordinates": rings}, polygon),
        st.builds(
            lambda polygons: {"type": "MultiPolygon", "coordinates": polygons},
            st.lists(polygon, min_size=1, max_size=2),
        ),
    )


def _photos() -> st.SearchStrategy[list[dict[str, str]]]:
    digest = st.text("0123456789abcdef", min_size=64, max_size=64)
    photo = st.fixed_dictionaries({"photo_id": st.uuids().map(str), "sha256": digest})
    return st.lists(photo, max_size=3, unique_by=lambda p: p["photo_id"])


# Validators that are plain functions, by name: what a value they accept looks like.
SHAPES: dict[str, st.SearchStrategy[Any]] = {
    "validate_boundary": _boundaries(),
    "_photo_list": _photos(),
}


def stored_data(spec: SchemaVersion) -> st.SearchStrategy[dict[str, Any]]:
    """Data of `spec` its schema accepts (mostly: schema-wide rules are left to the caller)."""
    return _object(loader(spec.schema))


def _object(schema: Schema) -> st.SearchStrategy[dict[str, Any]]:
    required, optional = {}, {}
    for name, field in schema.load_fields.items():
        (required if field.required else optional)[name] = value_of(field)
    return st.fixed_dictionaries(required, optional=optional)


def value_of(field: fields.Field[Any]) -> st.SearchStrategy[Any]:
    """JSON values `field` loads, within its validators."""
    named = [SHAPES[v.__name__] for v in field.validators if getattr(v, "__name__", "") in SHAPES]
    strategy = named[0] if named else _plain(field)
    return st.none() | strategy if field.allow_none else strategy


def _bounds(field: fields.Field[Any], kind: type) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for v in field.validators:
        if isinstance(v, kind):
            found.update({k: getattr(v, k) for k in ("min", "max") if getattr(v, k) is not None})
            if getattr(v, "equal", None) is not None:
                found.update(min=v.equal, max=v.equal)
            if kind is validate.Range:
                found["exclude_min"] = not v.min_inclusive
                found["exclude_max"] = not v.max_inclusive
    return found


def _plain(field: fields.Field[Any]) -> st.SearchStrategy[Any]:
    for v in field.validators:
        if isinstance(v, validate.OneOf):
            return st.sampled_from(list(v.choices))
        if isinstance(v, validate.Regexp):
            return st.from_regex(v.regex, fullmatch=True)
    kind = type(field)
    length = _bounds(field, validate.Length)
    size = {"min_size": length.get("min", 0), "max_size": min(length.get("max", 30), 30)}
    if kind is fields.Email:
        local = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=10)
        return st.builds("{}@{}.org".format, local, st.sampled_from(["example", "quartier"]))
    if kind in (fields.String, fields.Url):
        return st.text(min_size=size["min_size"], max_size=max(size["min_size"], size["max_size"]))
    if kind is fields.UUID:
        return st.uuids().map(str)
    if kind is fields.AwareDateTime:
        return st.datetimes(timezones=OFFSETS).map(lambda d: d.isoformat())
    if kind is fields.Date:
        return st.dates().map(lambda d: d.isoformat())
    if kind is fields.Boolean:
        return st.booleans()
    if kind is fields.Integer:
        r = _bounds(field, validate.Range)
        low = r.get("min", -(2**31)) + (1 if r.get("exclude_min") else 0)
        high = r.get("max", 2**31) - (1 if r.get("exclude_max") else 0)
        return st.integers(low, high)
    if isinstance(field, fields.Number):
        r = _bounds(field, validate.Range)
        return st.floats(
            r.get("min", -1e9),
            r.get("max", 1e9),
            allow_nan=False,
            exclude_min=r.get("exclude_min", False),
            exclude_max=r.get("exclude_max", False),
        )
    if kind is fields.List:
        low = size["min_size"]  # e.g. the two residents of a connection
        high = max(low, min(size["max_size"], 3))
        return st.lists(value_of(field.inner), min_size=low, max_size=high)
    if kind is fields.Dict:
        keys = value_of(field.key_field) if field.key_field is not None else st.text(max_size=10)
        values = value_of(field.value_field) if field.value_field is not None else JSON_SCALARS
        return st.dictionaries(keys, values, max_size=3)
    if kind is fields.Nested:
        return _object(field.schema)
    raise NotImplementedError(f"no strategy for {kind.__name__} yet: add one to event_data.py")
