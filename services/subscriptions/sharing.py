"""What the subscribers of one service share in one wake-up (services/runtime/subscriptions.py,
docs/decisions/0070): their checkpoint rows, read in one statement (checkpoint.SharedRows); the
page of the log after their checkpoints, read once for all of them; and the moves of the
checkpoints of those that had nothing to apply, written together once the pass is over.

An append wakes every subscriber of the contexts it concerns, and most of them have nothing to
do with its events: each read the log after its checkpoint, found nothing of its types, and
moved its checkpoint past it, two statements each. A service of six subscribers paid twelve
for an event that one of them applies.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.engine import Engine

from services.eventstore import EventStore, Position, RecordedEvent
from services.eventstore.model import check_filters

from . import checkpoint
from .database import alone

log = logging.getLogger(__name__)

PAGE = 50
"""Events read at most by the shared page. A page that comes back full may not hold all of a
subscriber's next events: each then reads its own, as when catching up."""

Filter = frozenset[str] | None


class Shared:
    """One wake-up's shared reads and writes, for the `runners` (SubscriptionRunner by name)
    of one service. `flush()` once the pass is over writes the moves it was given."""

    def __init__(self, engine: Engine, store: EventStore, runners: Mapping[str, Any]) -> None:
        self.rows = checkpoint.SharedRows(engine, runners)
        self._engine, self._store, self._runners = engine, store, runners
        filters = [_filters(r.subscriber.categories, r.subscriber.types) for r in runners.values()]
        self._cats = _union(c for c, _ in filters)
        self._kinds = _union(k for _, k in filters)
        self._page: tuple[Position | None, list[RecordedEvent], bool] | None = None
        self._moves: dict[str, tuple[int, str | None, str]] = {}

    def page(
        self,
        after: Position | None,
        limit: int,
        categories: Iterable[str] | None,
        types: Iterable[str] | None,
    ) -> list[RecordedEvent] | None:
        """The events a subscriber reading after `after`, of `categories` and `types`, would
        read now (at most `limit`), taken from the page its service's first reader read; None
        when the page cannot say (it began after `after`, or came back full): that subscriber
        reads its own."""
        if self._page is None:
            read = self._store.read_all(
                after=after, limit=PAGE, categories=self._cats, types=self._kinds
            )
            events = list(read)
            self._page = (after, events, len(events) < PAGE)
        start, events, whole = self._page
        if not whole or (start is not None and (after is None or after < start)):
            return None
        cats, kinds = _filters(categories, types)
        mine = [
            e
            for e in events
            if (after is None or e.position > after)
            and (cats is None or e.category in cats)
            and (kinds is None or e.type in kinds)
        ]
        return mine[:limit]

    def pass_over(self, name: str, generation: int, expected: str | None, position: str) -> None:
        """Move `name`'s checkpoint from `expected` to `position` with the others, at flush()."""
        self._moves[name] = (generation, expected, position)

    def flush(self) -> None:
        """Write the moves given since the last flush, in one statement for each position they
        go to. A checkpoint another instance moved first stays where it went: its subscriber
        forgets it was idle, and reads it again at its next pass."""
        moves, self._moves = self._moves, {}
        if not moves:
            return
        try:
            with self._engine.connect() as conn:
                moved = checkpoint.pass_over_each(alone(conn), moves)
        except Exception as exc:  # the database away: each reads and moves again next time
            log.warning("moving idle checkpoints failed: %s", type(exc).__name__)
            moved = set()
        for name in moves.keys() - moved:
            self._runners[name].forget_idle()


def next_events(
    store: EventStore, shared: Shared | None, after: Position | None, limit: int, subscriber: Any
) -> list[RecordedEvent]:
    """The next events (at most `limit`) after `after` of `subscriber`'s categories and types:
    from the wake-up's shared page when it holds them, else read from `store`."""
    cats, kinds = subscriber.categories, subscriber.types
    events = None if shared is None else shared.page(after, limit, cats, kinds)
    if events is None:
        events = list(store.read_all(after=after, limit=limit, categories=cats, types=kinds))
    return events


def _filters(
    categories: Iterable[str] | None, types: Iterable[str] | None
) -> tuple[Filter, Filter]:
    cats, kinds = check_filters(categories, types)
    return (
        None if cats is None else frozenset(cats),
        None if kinds is None else frozenset(kinds),
    )


def _union(filters: Iterable[Filter]) -> tuple[str, ...] | None:
    """What any of `filters` lets through: everything when one of them does."""
    found: set[str] = set()
    for f in filters:
        if f is None:
            return None
        found |= f
    return tuple(sorted(found))
