"""Which events an export takes: a window of recording times and a set of event types."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from services.eventstore import EventStore
from services.relay.messages import analytics_body

CONTEXT_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TYPE_RE = re.compile(r"^[a-z][a-z0-9_]*\.[A-Z][A-Za-z0-9]*$")


class BadSelection(ValueError):
    """A --from, --to or --types an export cannot use; the message says which and why."""


@dataclass(frozen=True)
class Selection:
    """Events recorded in [start, end) whose type is one of `types` or belongs to one of
    `contexts` (both empty: every event)."""

    start: datetime | None = None
    end: datetime | None = None
    types: frozenset[str] = frozenset()
    contexts: frozenset[str] = frozenset()

    def takes_type(self, event_type: str) -> bool:
        if not self.types and not self.contexts:
            return True
        return event_type in self.types or event_type.partition(".")[0] in self.contexts

    def takes_time(self, recorded_at: datetime) -> bool:
        return (self.start is None or recorded_at >= self.start) and (
            self.end is None or recorded_at < self.end
        )


def selection(
    start: str | None = None,
    end: str | None = None,
    types: str | None = None,
    known: Collection[str] | None = None,
) -> Selection:
    """Parse the command line's words: `start` and `end` are dates (YYYY-MM-DD, the end day
    included) or ISO 8601 times (UTC when no offset is given, the end excluded); `types` is a
    comma-separated list of event types (listings.ListingPublished) or contexts (listings),
    each among the `known` types (or their contexts) when given: a misspelt one would
    otherwise select nothing, and the export look complete."""
    since = _moment(start, "--from", end_of_day=False)
    until = _moment(end, "--to", end_of_day=True)
    if since and until and until <= since:
        raise BadSelection("--to must come after --from")
    names = [t.strip() for t in (types or "").split(",") if t.strip()]
    for name in names:
        if not (TYPE_RE.match(name) or CONTEXT_RE.match(name)):
            raise BadSelection(
                f"--types: {name!r} is neither an event type (listings.ListingPublished)"
                " nor a context (listings)"
            )
    if known is not None:
        contexts = {name.partition(".")[0] for name in known}
        unknown = [n for n in names if n not in (known if "." in n else contexts)]
        if unknown:
            raise BadSelection(
                f"--types: no event type or context named {', '.join(map(repr, unknown))}"
                f" (contexts: {', '.join(sorted(contexts))})"
            )
    return Selection(
        since,
        until,
        frozenset(n for n in names if "." in n),
        frozenset(n for n in names if "." not in n),
    )


def _moment(text: str | None, option: str, end_of_day: bool) -> datetime | None:
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day, time(), UTC)
            return moment + timedelta(days=1) if end_of_day else moment
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise BadSelection(
            f"{option}: {text!r} is not a date (YYYY-MM-DD) or an ISO time"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def pseudonymised(store: EventStore, codec: Any, chosen: Selection) -> Iterator[dict[str, Any]]:
    """Every chosen event in log order, as analysts get it, read a page at a time."""
    # Exact types are filtered by the store; a context is filtered here.
    only_types = chosen.types and not chosen.contexts
    kinds: Iterable[str] | None = sorted(chosen.types) if only_types else None
    for recorded in store.read_all(limit=None, types=kinds):
        if chosen.takes_type(recorded.type) and chosen.takes_time(recorded.recorded_at):
            yield analytics_body(codec, recorded)
