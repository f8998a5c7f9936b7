"""How `quartier audit` shows events and states: plain JSON values (ids and times as text,
personal data decoded with the keyring, "[erased]" once its subject is erased), one table row
per event for people, the whole entry for machines (--json)."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from rich.console import Console
from rich.table import Table

from contracts.errors import ContractError
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.eventstore.sealing import is_sealed

DATA_WIDTH = 120
# Credentials and secrets are never shown, not even to operators: a hash of a password or of a
# letter's code is all an attacker needs to try guesses offline.
WITHHELD = "[withheld]"
_SECRET_WORDS = ("password", "code_hash", "token", "secret")


def _secret(key: str) -> bool:
    return any(word in key for word in _SECRET_WORDS)


def jsonable(value: Any) -> Any:
    """A state or an event as JSON values, at any depth, credentials withheld."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A field may be shown as what it holds reads (its metadata's "shown_as"): a
        # neighbourhood's memberships, kept as integers, are shown as its members.
        shown = [f.metadata.get("shown_as", f.name) for f in dataclasses.fields(value)]
        value = {name: getattr(value, name) for name in shown}
    if isinstance(value, dict):
        return {
            str(k): WITHHELD if _secret(str(k)) and v else jsonable(v) for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # exact, as amounts are: a float would round them
    if isinstance(value, Enum):
        return jsonable(value.value)
    return value


def entry(codec: Codec, recorded: RecordedEvent) -> dict[str, Any]:
    """One event as an operator reads it: who, when, why, and its data decoded."""
    try:
        decoded = codec.decode(recorded)
        data, erased, readable = jsonable(decoded.event), sorted(decoded.erased), True
    except ContractError:
        # A type this code does not know, or data it cannot open: shown as stored, sealed
        # values never printed as ciphertext.
        data = jsonable({k: "[sealed]" if is_sealed(v) else v for k, v in recorded.data.items()})
        erased, readable = [], False
    meta = recorded.metadata
    return {
        "position": str(recorded.position),
        "recorded_at": recorded.recorded_at.isoformat(),
        "stream": recorded.stream,
        "version": recorded.version,
        "type": recorded.type,
        "event_id": str(recorded.event_id),
        "actor": meta.get("actor"),
        "correlation_id": meta.get("correlation_id"),
        "causation_id": meta.get("causation_id"),
        "data": data,
        "erased_fields": erased,
        "decoded": readable,
    }


def print_entries(console: Console, title: str, entries: Iterable[dict[str, Any]]) -> int:
    table = Table(
        "position",
        "recorded at",
        "stream",
        "v",
        "type",
        "actor",
        "correlation",
        "causation",
        "data",
        title=title,
        title_justify="left",
    )
    shown = 0
    for e in entries:
        text = json.dumps(e["data"], ensure_ascii=False)
        table.add_row(
            e["position"],
            e["recorded_at"][:23],
            e["stream"],
            str(e["version"]),
            e["type"],
            e["actor"] or "-",
            e["correlation_id"] or "-",
            e["causation_id"] or "-",
            text if len(text) <= DATA_WIDTH else text[: DATA_WIDTH - 1] + "…",
        )
        shown += 1
    console.print(table)
    return shown


def print_json(value: Any) -> None:
    # Plain print: rich would wrap and colour what is meant for a program.
    print(json.dumps(value, indent=2, ensure_ascii=False))
