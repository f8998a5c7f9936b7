"""Opaque cursors of newest-first pages: a page ends at a (moment in microseconds, id) pair and
the next one starts strictly after it, so rows written meanwhile neither repeat nor shift it."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

MAX_LIMIT = 100


class InvalidPage(ValueError):
    """A cursor this module did not hand out, or a page size out of range."""


def encode(moment_us: int, key: str) -> str:
    return base64.urlsafe_b64encode(f"{moment_us}~{key}".encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[int, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, key = raw.split("~", 1)
        return int(moment), key
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise InvalidPage("cursor is not one a page handed out") from None


def check(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidPage(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def after(moment: Any, key: Any, cursor: str | None) -> Any:
    """The condition "older than the cursor" on the page's (moment, key) columns."""
    if cursor is None:
        return sa.true()
    moment_us, last = decode(cursor)
    return sa.or_(moment < moment_us, sa.and_(moment == moment_us, key < last))


def newest(query: Any, moment: Any, key: Any, cursor: str | None, limit: int) -> Any:
    """`query` as one page: newest first on the page's (moment, key) columns, strictly after
    the cursor, with one row more than shown (`page` tells from it whether a next one exists)."""
    return (
        query.where(after(moment, key, cursor)).order_by(moment.desc(), key.desc()).limit(limit + 1)
    )


def page(
    rows: Sequence[Any],
    limit: int,
    mark: Callable[[Any], tuple[int, str]],
    shape: Callable[[Any], Any],
) -> dict[str, Any]:
    """{"items", "next_cursor"} from up to limit + 1 rows (one more than shown tells whether a
    next page exists)."""
    shown = list(rows[:limit])
    more = len(rows) > limit
    return {
        "items": [shape(row) for row in shown],
        "next_cursor": encode(*mark(shown[-1])) if more and shown else None,
    }
