"""How a resident's export renders what the log holds: events and state as JSON-ready values,
with credential hashes withheld.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime
from typing import Any

from services.eventstore import RecordedEvent

WITHHELD = "[withheld: credential]"


def exported(recorded: RecordedEvent, event: Any) -> dict[str, Any]:
    data = jsonable(dataclasses.asdict(event))
    for secret in ("password_hash", "code_hash"):
        if secret in data:
            data[secret] = WITHHELD
    return {
        "type": recorded.type,
        "position": str(recorded.position),
        "recorded_at": recorded.recorded_at.isoformat(),
        "actor": recorded.metadata.get("actor"),
        "data": data,
    }


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value
