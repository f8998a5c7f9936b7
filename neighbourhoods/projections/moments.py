"""Moments as the read models store them (UTC) and as queries answer them (ISO 8601)."""

from __future__ import annotations

from datetime import UTC, datetime


def aware(moment: datetime) -> datetime:
    # SQLite hands datetimes back without their zone; everything here is stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else aware(moment).isoformat()
