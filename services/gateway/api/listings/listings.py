"""The API's listing routes: a neighbourhood's board and search, publishing, a listing's page,
its author's changes (edit, close, reopen, renew) and my listings. Beside them in listings'
route table (api/listings/__init__.py): responses (responses.py), reports and moderation
(moderation.py) and photos (photos.py).

Every GET accepts ?after=<position>: right after a command, it answers once that change shows.
A listing I may not see answers 404, exactly as one that does not exist.
"""

from __future__ import annotations

from typing import Any

from contracts.listings import refusals
from contracts.refusals import Refusal
from services.gateway.api.listings import schemas as ls
from services.gateway.api.listings.calls import API, LISTING, reading, texts
from services.gateway.api.neighbourhoods.members import HOOD
from services.gateway.api.neighbourhoods.schemas import shown
from services.gateway.http import schemas
from services.gateway.http.routing import Call, Door, Handler, Reply

# What a new listing or an edit may be refused for, beside who may do it.
CONTENT = (
    refusals.INVALID_TITLE,
    refusals.INVALID_LISTING_DESCRIPTION,
    refusals.TOO_MANY_PHOTOS,
    refusals.INVALID_DETAILS,
    refusals.PHOTO_NOT_YOURS,
)
AUTHOR_ONLY = (refusals.UNKNOWN_LISTING, refusals.NOT_THE_AUTHOR, refusals.LISTING_REMOVED)


@API.route(
    "GET",
    f"{HOOD}/listings",
    "A neighbourhood's listings",
    200,
    ls.Cards,
    query=ls.BoardQuery,
    description=(
        "Members only, newest first, filtered by kind, category, status and author, and "
        "searched (?q=) in French and English (plurals and accents do not matter). "
        "Pass next_cursor as ?cursor= for the next page."
    ),
    refusals=(refusals.NOT_A_MEMBER,),
)
def board(door: Door, call: Call) -> Reply:
    """The listings shown in my neighbourhood."""
    return API.query(door, call, "board", ls.Cards, **texts(call.query))


@API.route(
    "POST",
    f"{HOOD}/listings",
    "Publish an offer or a request",
    201,
    ls.Published,
    body=ls.ListingPublication,
    limit="posting",
    description=(
        "In this neighbourhood, and in those of `also_in` (all of them mine): one listing "
        "shown on each board. `details` per category, each problem on `details.<name>`. "
        "Expires at `expires_at` (default: 30 days, an alert 48 hours; at most 90 days)."
    ),
    refusals=(
        refusals.NOT_A_MEMBER,
        refusals.KIND_NOT_IN_CATEGORY,
        refusals.INVALID_EXPIRY,
        refusals.TOO_MANY_LISTINGS,
        refusals.TOO_MANY_ALERTS,
        *CONTENT,
    ),
)
def publish(door: Door, call: Call) -> Reply:
    """Publish a listing on my neighbourhood's board (and others of mine)."""
    body = call.body
    here = str(call.path["neighbourhood_id"])
    others = [str(n) for n in body.get("also_in", ()) if str(n) != here]
    # Not API.done: the path's neighbourhood goes in neighbourhood_ids, with the others.
    done = API.command(
        door.remote,
        call,
        "publish",
        author_id=call.resident_id,
        neighbourhood_ids=[here, *dict.fromkeys(others)],
        kind=body["kind"],
        category=body["category"],
        title=body["title"],
        description=body["description"],
        details=body.get("details", {}),
        photos=[str(p) for p in body.get("photos", ())],
        expires_at=_moment(body.get("expires_at")),
        **reading(call),
    )
    return Reply(201, shown(ls.Published, done))


@API.route(
    "GET",
    LISTING,
    "A listing",
    200,
    ls.Listing,
    description="With its photos, details and history; moderators also see its reports count.",
    refusals=(refusals.UNKNOWN_LISTING,),
)
def listing(door: Door, call: Call) -> Reply:
    """A listing I may see."""
    return API.query(door, call, "listing", ls.Listing)


@API.route(
    "PATCH",
    LISTING,
    "Edit my listing",
    200,
    schemas.Positioned,
    body=ls.ListingChange,
    description="Any of title, description, details, photos; the earlier text stays in the log.",
    refusals=(*AUTHOR_ONLY, *CONTENT),
)
def edit(door: Door, call: Call) -> Reply:
    """Change what my listing says."""
    body = call.body
    changes: dict[str, Any] = {k: body[k] for k in ("title", "description", "details") if k in body}
    if "photos" in body:
        changes["photos"] = [str(p) for p in body["photos"]]
    return API.done(200, door, call, "edit", **_mine(call), **changes)


close = API.step(
    "POST",
    f"{LISTING}/close",
    "Close my listing",
    200,
    schemas.Positioned,
    body=ls.Closing,
    description="`done`: it happened; `withdrawn`: I changed my mind.",
    refusals=(*AUTHOR_ONLY, refusals.LISTING_NOT_OPEN),
    command="close",
    actor="author_id",
    passes=("outcome",),
)


def _expiry(verb: str, summary: str, description: str, state: Refusal) -> Handler:
    """Reopen and renew: the same route but for its verb, its texts and the state it needs."""

    @API.route(
        "POST",
        f"{LISTING}/{verb}",
        summary,
        200,
        schemas.Positioned,
        body=ls.Expiry,
        description=description,
        refusals=(*AUTHOR_ONLY, state, refusals.INVALID_EXPIRY),
    )
    def change(door: Door, call: Call) -> Reply:
        expires_at = _moment(call.body.get("expires_at"))
        return API.done(200, door, call, verb, expires_at=expires_at, **_mine(call))

    # The gateway serves each route under its function's name.
    change.__name__ = change.__qualname__ = verb
    change.__doc__ = summary
    return change


reopen = _expiry(
    "reopen",
    "Reopen my listing",
    "A closed or expired listing, open again until `expires_at` (or the default).",
    refusals.LISTING_ALREADY_OPEN,
)
renew = _expiry(
    "renew",
    "Renew my listing",
    "An open listing stays open until `expires_at` (or the default from now).",
    refusals.LISTING_NOT_OPEN,
)


@API.route(
    "GET",
    "/me/listings",
    "My listings",
    200,
    ls.Cards,
    query=ls.Page,
    description="Across my neighbourhoods, whatever their status, newest first.",
)
def my_listings(door: Door, call: Call) -> Reply:
    """What I published."""
    return API.query(door, call, "my_listings", ls.Cards, viewer="resident_id", **texts(call.query))


def _mine(call: Call) -> dict[str, str]:
    return {"author_id": call.resident_id}


def _moment(value: Any) -> str | None:
    return None if value is None else value.isoformat()
