"""Builders the notifications domain's tests share."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from notifications.commands import ChangePreferences

RID = uuid.uuid4()
AT = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


def change(**values: object) -> ChangePreferences:
    """Preferences that pass every rule, but for `values`."""
    given: dict[str, object] = {
        "types": {},
        "email_frequency": "daily",
        "digest_hour": 18,
        "quiet_start": "22:00",
        "quiet_end": "07:00",
        "time_zone": "Europe/Paris",
        **values,
    }
    return ChangePreferences(uuid.uuid4(), RID, at=AT, **given)  # type: ignore[arg-type]
