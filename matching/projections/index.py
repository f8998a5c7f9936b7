"""What the proposals policy learns, in log order, into its index (tables.py): the listings'
facts and where they are open, residents' homes and erasure, blocked pairs. Each function
answers what the event calls for: a listing to find matches for (`Seek`), or matches to
withdraw (`Withdraw`).

A listing whose texts read back erased (its author was erased, their key destroyed) is kept
closed: nothing is proposed for it, as nothing would have been once they were erased.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import (
    AddressDeclared,
    ProfileChanged,
    ResidentErased,
    ResidentRegistered,
)
from contracts.listings.events import (
    ListingClosed,
    ListingEdited,
    ListingExpired,
    ListingHidden,
    ListingPublished,
    ListingRemoved,
    ListingReopened,
    ListingRestored,
    ListingWithdrawn,
)
from contracts.pii import is_erased, plain
from matching.domain.listing import Home, Listing, listing_of, trip_of
from services.subscriptions.residents import profile, street_of
from services.subscriptions.versioned import learn

STREET_DEGREES = 0.001
"""Homes are kept at street level (about 110 m), as listings keeps them: enough for a distance
between neighbours, not enough to find a door."""
TRIP_DETAILS = ("from", "to", "route", "departure", "weekly")


@dataclass(frozen=True)
class Seek:
    """Find matches for this listing, at this time."""

    listing_id: str
    at: datetime


@dataclass(frozen=True)
class Withdraw:
    """Withdraw the open matches of a listing, of a resident, or between two residents."""

    cause: str
    at: datetime
    listing_id: str | None = None
    resident_ids: tuple[str, ...] = ()


Change = Seek | Withdraw | None


def learn_listing(tx: Connection, t: SimpleNamespace, event: Any) -> Change:
    match event:
        case ListingPublished():
            return _published(tx, t, event)
        case ListingEdited():
            return _edited(tx, t, event)
        case ListingClosed():
            return _closed(tx, t, event.listing_id, event.closed_at)
        case ListingExpired():
            return _closed(tx, t, event.listing_id, event.expired_at)
        case ListingRemoved():
            return _closed(tx, t, event.listing_id, event.removed_at)
        case ListingReopened():
            return _opened(tx, t, event.listing_id, event.reopened_at, open=True)
        case ListingHidden():
            _set(tx, t, event.listing_id, hidden=True)
            return Withdraw("listing_closed", event.hidden_at, str(event.listing_id))
        case ListingRestored():
            return _opened(tx, t, event.listing_id, event.restored_at, hidden=False)
        case ListingWithdrawn():
            return _withdrawn(tx, t, event)
    return None


def _published(tx: Connection, t: SimpleNamespace, event: ListingPublished) -> Change:
    lid = str(event.listing_id)
    if tx.execute(sa.select(t.listings.c.listing_id).where(_is(t, lid))).first() is not None:
        return None  # delivered again
    listing, places = rows_of(event)
    tx.execute(t.listings.insert().values(**listing))
    for place in places:
        tx.execute(t.placed.insert().values(**place))
    return Seek(lid, event.published_at) if listing["open"] else None


def rows_of(event: ListingPublished) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A published listing's row, and its rows in the index (one per neighbourhood)."""
    shown = not is_erased(event.title)
    lid = str(event.listing_id)
    listing = {
        "listing_id": lid,
        "author_id": str(event.author_id),
        "kind": event.kind,
        "category": event.category,
        "open": shown,
        "hidden": False,
        "title": plain(event.title),
        "facts": facts_of(event.category, event.title, event.description, event.details),
    }
    places = [
        {"neighbourhood_id": nid, "listing_id": lid, "category": event.category,
         "kind": event.kind, "open": shown}
        for nid in sorted({str(n) for n in event.neighbourhood_ids})
    ]  # fmt: skip
    return listing, places


def facts_of(category: str, title: Any, description: Any, details: Any) -> dict[str, Any]:
    """What matching compares of a listing's texts and details (nothing once erased)."""
    if is_erased(title) or is_erased(details):
        return {"words": [], "skills": [], "days": [], "trip": {}}
    found = listing_of(
        uuid.UUID(int=0), uuid.UUID(int=0), "", category, frozenset(),
        title, plain(description) or "", details, None,
    )  # fmt: skip
    return {
        "words": sorted(found.words),
        "skills": sorted(found.skills),
        "days": sorted(found.days),
        "trip": {k: details[k] for k in TRIP_DETAILS if k in details},
    }


def _edited(tx: Connection, t: SimpleNamespace, event: ListingEdited) -> Change:
    row = _row(tx, t, str(event.listing_id))
    if row is None:
        return None
    facts = facts_of(row.category, event.title, event.description, event.details)
    tx.execute(t.listings.update().where(_is(t, row.listing_id)).values(
        title=plain(event.title), facts=facts
    ))  # fmt: skip
    return Seek(row.listing_id, event.edited_at) if row.open and not row.hidden else None


def _closed(tx: Connection, t: SimpleNamespace, listing_id: uuid.UUID, at: datetime) -> Change:
    if _set(tx, t, listing_id, open=False) is None:
        return None
    return Withdraw("listing_closed", at, str(listing_id))


def _opened(
    tx: Connection, t: SimpleNamespace, listing_id: uuid.UUID, at: datetime, **values: Any
) -> Change:
    row = _set(tx, t, listing_id, **values)
    if row is None or not row.open or row.hidden:
        return None
    return Seek(row.listing_id, at)


def _withdrawn(tx: Connection, t: SimpleNamespace, event: ListingWithdrawn) -> Change:
    lid, p = str(event.listing_id), t.placed
    tx.execute(
        p.delete().where(p.c.listing_id == lid, p.c.neighbourhood_id == str(event.neighbourhood_id))
    )
    if tx.execute(sa.select(p.c.listing_id).where(p.c.listing_id == lid)).first() is None:
        return _closed(tx, t, event.listing_id, event.withdrawn_at)
    return None


def _set(tx: Connection, t: SimpleNamespace, listing_id: uuid.UUID, **values: Any) -> Any:
    """Change a listing's openness or hiding, and where it is shown with it; its row after."""
    lid = str(listing_id)
    if _row(tx, t, lid) is None:
        return None
    tx.execute(t.listings.update().where(_is(t, lid)).values(**values))
    row = _row(tx, t, lid)
    shown = bool(row.open and not row.hidden)
    tx.execute(t.placed.update().where(t.placed.c.listing_id == lid).values(open=shown))
    return row


def _is(t: SimpleNamespace, listing_id: str) -> Any:
    return t.listings.c.listing_id == listing_id


def _row(tx: Connection, t: SimpleNamespace, listing_id: str) -> Any:
    return tx.execute(sa.select(t.listings).where(_is(t, listing_id))).first()


def listing(row: Any, home: Home | None, placed: frozenset[uuid.UUID]) -> Listing:
    """A listing of the index as the domain compares it."""
    facts = row.facts
    trip = trip_of(facts["trip"]) if row.category == "transport" else None
    return Listing(
        uuid.UUID(row.listing_id),
        uuid.UUID(row.author_id),
        row.kind,
        row.category,
        placed,
        frozenset(facts["words"]),
        frozenset(facts["skills"]),
        frozenset(facts["days"]),
        home,
        trip,
    )


# Residents


def learn_resident(tx: Connection, t: SimpleNamespace, event: Any, version: int) -> Change:
    rid = str(event.resident_id)
    blank = {"resident_id": rid, "display_name": None, "street": None, "latitude": None,
             "longitude": None, "erased": False}  # fmt: skip
    learn(tx, t.residents, "resident_id", rid, version, partial(_changes, event), blank)
    if isinstance(event, ResidentErased):
        listings = t.listings
        tx.execute(listings.update().where(listings.c.author_id == rid).values(
            open=False, title=None, facts={"words": [], "skills": [], "days": [], "trip": {}}
        ))  # fmt: skip
        ids = sa.select(listings.c.listing_id).where(listings.c.author_id == rid)
        tx.execute(t.placed.update().where(t.placed.c.listing_id.in_(ids)).values(open=False))
        return Withdraw("erased", event.erased_at, resident_ids=(rid,))
    return None


def _changes(event: Any, _row: Any) -> dict[str, Any]:
    match event:
        case ResidentRegistered() | ProfileChanged():
            return {"display_name": (profile(event) or {}).get("display_name")}
        case AddressDeclared():
            return {
                "street": street_of(plain(event.line)),
                "latitude": _street_level(plain(event.latitude)),
                "longitude": _street_level(plain(event.longitude)),
            }
        case ResidentErased():
            return {"display_name": None, "street": None, "latitude": None, "longitude": None,
                    "erased": True}  # fmt: skip
    return {}


def _street_level(degrees: float | None) -> float | None:
    return None if degrees is None else round(round(degrees / STREET_DEGREES) * STREET_DEGREES, 6)


def home_of(row: Any) -> Home | None:
    if row is None or row.erased or row.latitude is None or row.longitude is None:
        return None
    return Home(row.latitude, row.longitude, row.street)


# Blocks (the connections' events, read by their ids only)


def learn_block(
    tx: Connection, t: SimpleNamespace, kind: str, data: dict[str, Any], at: datetime
) -> Change:
    blocker, blocked = str(data["blocker_id"]), str(data["blocked_id"])
    b = t.blocks
    where = (b.c.blocker_id == blocker, b.c.blocked_id == blocked)
    tx.execute(b.delete().where(*where))
    if kind == "matching.ResidentBlocked":
        tx.execute(b.insert().values(blocker_id=blocker, blocked_id=blocked))
        return Withdraw("blocked", at, resident_ids=(blocker, blocked))
    return None
