"""The matching service's queries: read-your-writes reads of its read models."""

from __future__ import annotations

from typing import Any

from matching.projections import matches
from matching.service.errors import DOOR
from services.runtime import read_models


@DOOR.rpc
@DOOR.wrap
def matches_of(service: Any, resident_id: str, after: str | None = None) -> list[dict[str, Any]]:
    """The matches the resident is part of, newest first."""
    rid = DOOR.uid(resident_id, "resident_id")
    with read_models.reading(service.read, after, DOOR) as conn:
        return matches.of_resident(conn, service.read.proposals, rid)


DOORS = (matches_of,)
