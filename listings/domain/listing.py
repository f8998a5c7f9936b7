"""A listing as the listings context knows it, rebuilt from its stream; what it decides on a
command: decide.py. `evolve` is the only way state changes, for a live command and a rebuild
alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import reduce
from typing import Any

from contracts.listings.events import (
    ListingClosed,
    ListingEdited,
    ListingEvent,
    ListingExpired,
    ListingHidden,
    ListingPublished,
    ListingRemoved,
    ListingRenewed,
    ListingReopened,
    ListingReported,
    ListingRestored,
    ListingWithdrawn,
    RecipientChosen,
    ResponderChosen,
    ResponseSent,
)

OPEN = "open"
CLOSED_DONE = "closed_done"
CLOSED_WITHDRAWN = "closed_withdrawn"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"
REMOVED = "removed"
STATUSES = (OPEN, CLOSED_DONE, CLOSED_WITHDRAWN, EXPIRED, WITHDRAWN, REMOVED)
"""A listing's status, here and in the read model; `hidden` is beside it."""
REOPENABLE = (CLOSED_DONE, CLOSED_WITHDRAWN, EXPIRED)
BARTER = "barter"
GIVEAWAY = "giveaway"


def listing_stream(listing_id: uuid.UUID) -> str:
    return f"listings.listing-{listing_id}"


@dataclass(frozen=True)
class Response:
    response_id: uuid.UUID
    responder_id: uuid.UUID


@dataclass(frozen=True)
class Listing:
    """`neighbourhood_ids`: where it is shown now (those its author was withdrawn from are
    gone). `reporters`: every member who ever reported it (once each); `open_reports`: those
    whose report no moderator has settled yet. `chosen`: the responses the author went ahead
    with. `recipient`: the response a giveaway is reserved for, or the barter accepted; then
    it takes no more responses, until its author closes it (or reopens it for a new round)."""

    listing_id: uuid.UUID | None = None
    author_id: uuid.UUID | None = None
    neighbourhood_ids: tuple[uuid.UUID, ...] = ()
    kind: str = ""
    category: str = ""
    title: str = ""
    description: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    photos: tuple[Mapping[str, str], ...] = ()
    status: str = OPEN
    hidden: bool = False
    published_at: datetime | None = None
    expires_at: datetime | None = None
    responses: tuple[Response, ...] = ()
    chosen: frozenset[uuid.UUID] = frozenset()
    reporters: frozenset[uuid.UUID] = frozenset()
    open_reports: frozenset[uuid.UUID] = frozenset()
    recipient: Response | None = None

    @property
    def exists(self) -> bool:
        return self.listing_id is not None

    @property
    def is_open(self) -> bool:
        return self.exists and self.status == OPEN

    def response(self, response_id: uuid.UUID) -> Response | None:
        return next((r for r in self.responses if r.response_id == response_id), None)

    def responded(self, responder_id: uuid.UUID) -> bool:
        return any(r.responder_id == responder_id for r in self.responses)


INITIAL = Listing()


def evolve(state: Listing, event: ListingEvent) -> Listing:
    match event:
        case ListingPublished():
            return Listing(
                listing_id=event.listing_id,
                author_id=event.author_id,
                neighbourhood_ids=tuple(event.neighbourhood_ids),
                kind=event.kind,
                category=event.category,
                title=event.title,
                description=event.description,
                details=event.details,
                photos=tuple(event.photos),
                published_at=event.published_at,
                expires_at=event.expires_at,
            )
        case ListingEdited():
            return replace(
                state,
                title=event.title,
                description=event.description,
                details=event.details,
                photos=tuple(event.photos),
            )
        case ListingClosed():
            return replace(state, status=f"closed_{event.outcome}")
        case ListingReopened():
            return replace(state, status=OPEN, expires_at=event.expires_at, recipient=None)
        case ListingRenewed():
            return replace(state, status=OPEN, expires_at=event.expires_at)
        case ListingExpired():
            return replace(state, status=EXPIRED)
        case ListingWithdrawn():
            shown = tuple(n for n in state.neighbourhood_ids if n != event.neighbourhood_id)
            return replace(
                state, neighbourhood_ids=shown, status=state.status if shown else WITHDRAWN
            )
        case ResponseSent():
            response = Response(event.response_id, event.responder_id)
            return replace(state, responses=(*state.responses, response))
        case ResponderChosen():
            chosen = state.chosen | {event.response_id}
            if state.category == BARTER:
                recipient = Response(event.response_id, event.responder_id)
                return replace(state, chosen=chosen, recipient=recipient)
            return replace(state, chosen=chosen)
        case RecipientChosen():
            return replace(state, recipient=Response(event.response_id, event.recipient_id))
        case ListingReported():
            return replace(
                state,
                reporters=state.reporters | {event.reporter_id},
                open_reports=state.open_reports | {event.reporter_id},
            )
        case ListingHidden():
            return replace(state, hidden=True)
        case ListingRestored():
            return replace(state, hidden=False, open_reports=frozenset())
        case ListingRemoved():
            return replace(state, status=REMOVED, hidden=False, open_reports=frozenset())
    return state


def fold(events: Iterable[ListingEvent]) -> Listing:
    return reduce(evolve, events, INITIAL)
