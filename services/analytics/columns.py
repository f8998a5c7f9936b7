"""The columns of a tabular export (CSV, Parquet): one per envelope field, the data and the
metadata as JSON, and, where the contracts allow, one flattened column per data field.

A data field is flattened into `data.<name>` when every chosen event type that has it declares
it as one scalar JSON type (string, integer, number, boolean) in its latest schema; personal
fields are strings (pseudonyms). Objects, arrays and fields two types declare differently stay
in `data` only. Metadata's three known keys are flattened too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa

from contracts.catalog import converter, schema_document
from contracts.registry import Registry

ENVELOPE: tuple[tuple[str, pa.DataType], ...] = (
    ("position", pa.string()),
    ("event_id", pa.string()),
    ("stream", pa.string()),
    ("version", pa.int64()),
    ("type", pa.string()),
    ("schema_version", pa.int64()),
    ("recorded_at", pa.timestamp("us", tz="UTC")),
    ("data", pa.string()),
    ("metadata", pa.string()),
    ("unreadable", pa.string()),
)
METADATA = ("correlation_id", "causation_id", "actor")
SCALARS: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
}
PYTHON: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


@dataclass(frozen=True)
class Flat:
    """One flattened data field: its JSON type and the Arrow type of its column."""

    name: str
    json_type: str

    @property
    def column(self) -> str:
        return f"data.{self.name}"


@dataclass(frozen=True)
class Columns:
    """The columns, and which flattened ones each event type fills (the rest stay null)."""

    flat: tuple[Flat, ...]
    by_type: dict[str, tuple[Flat, ...]]

    @property
    def names(self) -> list[str]:
        envelope = [name for name, _ in ENVELOPE]
        return envelope + [f"metadata.{k}" for k in METADATA] + [f.column for f in self.flat]

    def arrow_schema(self) -> pa.Schema:
        fields = [pa.field(name, kind) for name, kind in ENVELOPE]
        fields += [pa.field(f"metadata.{k}", pa.string()) for k in METADATA]
        fields += [pa.field(f.column, SCALARS[f.json_type]) for f in self.flat]
        return pa.schema(fields)

    def row(self, body: dict[str, Any]) -> dict[str, Any]:
        """One event's envelope as a row of these columns (recorded_at as a datetime)."""
        data, metadata = body["data"], body.get("metadata") or {}
        row: dict[str, Any] = {
            "position": body["position"],
            "event_id": body["event_id"],
            "stream": body["stream"],
            "version": body["version"],
            "type": body["type"],
            "schema_version": body["schema_version"],
            "recorded_at": datetime.fromisoformat(body["recorded_at"]),
            "data": _json(data),
            "metadata": _json(metadata),
            "unreadable": body.get("unreadable"),
        }
        for key in METADATA:
            value = metadata.get(key)
            row[f"metadata.{key}"] = value if isinstance(value, str) else None
        for flat in self.by_type.get(body["type"], ()):
            row[flat.column] = _scalar(data.get(flat.name), flat.json_type)
        return row


def columns(registry: Registry, types: Iterable[str] | None) -> Columns:
    """The columns for events of `types` (None: every declared type)."""
    chosen = set(types) if types is not None else None
    convert = converter()
    seen: dict[str, str | None] = {}
    fields: dict[str, list[str]] = {}
    for contract in registry:
        if chosen is not None and contract.type not in chosen:
            continue
        document = schema_document(contract, contract.latest, convert)
        fields[contract.type] = list(document.get("properties", {}))
        for name, prop in document.get("properties", {}).items():
            kind = "string" if prop.get("x-pii") else _scalar_type(prop)
            if name in seen and seen[name] != kind:
                kind = None
            seen[name] = kind
    flat = {name: Flat(name, kind) for name, kind in sorted(seen.items()) if kind is not None}
    by_type = {t: tuple(flat[n] for n in names if n in flat) for t, names in fields.items()}
    return Columns(tuple(flat.values()), by_type)


def _scalar_type(prop: dict[str, Any]) -> str | None:
    kinds = prop.get("type")
    named = [kinds] if isinstance(kinds, str) else [k for k in kinds or () if k != "null"]
    return named[0] if len(named) == 1 and named[0] in SCALARS else None


def _scalar(value: Any, json_type: str) -> Any:
    # bool is an int in Python: a boolean never fills a number's column, nor the reverse.
    if isinstance(value, bool) != (json_type == "boolean"):
        return None
    return value if isinstance(value, PYTHON[json_type]) else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
