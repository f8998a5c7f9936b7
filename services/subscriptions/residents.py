"""What every context's copy of a resident learns alike from identity's events: the display name
and disclosure of a profile, and the street (never the house number) of a declared address.
Each context keeps its own table, its own columns and what else it learns.
"""

from __future__ import annotations

import re
from typing import Any

from contracts.identity.events import ProfileChanged, ResidentRegistered
from contracts.pii import plain

# "12", "12 bis", "12-14", "12b," ... before the street's name; the name itself is kept.
_HOUSE_NUMBER = re.compile(
    r"^\s*\d+[a-z]?(\s*[-/]\s*\d+[a-z]?)?(\s+(bis|ter|quater)\b)?\s*,?\s*", re.IGNORECASE
)


def street_of(line: str | None) -> str | None:
    """The street's name without the house number: '12 bis rue de la Paix' -> 'rue de la Paix'."""
    if line is None:
        return None
    street = _HOUSE_NUMBER.sub("", line, count=1).strip()
    return street or None


def profile(event: Any) -> dict[str, Any] | None:
    """The columns a registration or a profile change sets (display_name, address_disclosure);
    None for any other event."""
    match event:
        case ResidentRegistered():
            return {"display_name": plain(event.display_name)}
        case ProfileChanged():
            return {
                "display_name": plain(event.display_name),
                "address_disclosure": event.address_disclosure,
            }
    return None
