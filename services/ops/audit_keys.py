"""What an operator's audit looks an event up by, said once: the residents it concerns, the
request it belongs to (correlation) and the event that caused it (causation). The full scan
(audit_reading.py) and the audit index (projections/audit_index.py) both read them here, so
the index finds exactly what the scan finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from services.eventstore import RecordedEvent

# Resident ids as the readings take them (str(uuid.UUID(...))): lower-case, hyphenated.
RESIDENT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ACTOR = "resident:"


def residents_of(event: RecordedEvent) -> set[str]:
    """The residents an event is by or about: its actor, its stream's id, and any id in its
    data. A resident id is the canonical form of a UUID, which is all the readings accept, so
    only strings of that form are kept (not every string of the data)."""
    actor = event.metadata.get("actor")
    candidates = [event.stream[-36:], *_strings(event.data)]
    if isinstance(actor, str) and actor.startswith(ACTOR):
        candidates.append(actor[len(ACTOR) :])
    return {c for c in candidates if RESIDENT_ID.fullmatch(c)}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def correlation_of(event: RecordedEvent) -> str | None:
    return _text(event.metadata.get("correlation_id"))


def causation_of(event: RecordedEvent) -> str | None:
    return _text(event.metadata.get("causation_id"))


def _text(value: object) -> str | None:
    # Metadata written through contracts holds ids as strings; anything else matches nothing.
    return value if isinstance(value, str) else None


def is_related(event: RecordedEvent, correlations: set[str], caused: set[str]) -> bool:
    """One of the events `caused` names, of one of the `correlations`, or caused by one of
    those events."""
    return (
        str(event.event_id) in caused
        or correlation_of(event) in correlations
        or causation_of(event) in caused
    )
