"""The API's routes about keeping listings decent: any member reports a listing, moderators read
the reports of their neighbourhood and restore or remove a listing. Every step is in the
neighbourhood's moderation log (GET /neighbourhoods/{id}/moderation-log), where `entries` below
joins the neighbourhood's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contracts.listings import refusals
from services.gateway.api.listings import schemas as ls
from services.gateway.api.listings.calls import API, LISTING, texts
from services.gateway.api.neighbourhoods.members import HOOD
from services.gateway.http import schemas
from services.gateway.http.routing import Call, Door, Reply
from services.gateway.remote import Remote

report = API.step(
    "POST",
    f"{LISTING}/reports",
    "Report a listing",
    201,
    ls.Reported,
    body=ls.Reporting,
    limit="posting",
    description=(
        "Once per member; three reports from different members hide it until a moderator decides."
    ),
    refusals=(
        refusals.UNKNOWN_LISTING,
        refusals.NOT_A_MEMBER,
        refusals.ALREADY_REPORTED,
        refusals.INVALID_REASON,
    ),
    command="report",
    actor="reporter_id",
    passes=("reason",),
)


@API.route(
    "GET",
    f"{HOOD}/reports",
    "The reports to review",
    200,
    ls.Reports,
    query=ls.Page,
    description="Moderators of this neighbourhood: open reports, newest first.",
    refusals=(refusals.NOT_A_MODERATOR,),
)
def reports(door: Door, call: Call) -> Reply:
    """The reports of my neighbourhood's listings."""
    return API.query(door, call, "reports", ls.Reports, **texts(call.query))


moderate = API.step(
    "POST",
    f"{LISTING}/moderation",
    "Restore or remove a listing (moderators)",
    200,
    schemas.Positioned,
    body=ls.Moderation,
    description=(
        "A moderator of one of its neighbourhoods: `restore` a hidden listing (its reports "
        "are settled) or `remove` any listing for good, saying why (moderation log)."
    ),
    refusals=(
        refusals.UNKNOWN_LISTING,
        refusals.NOT_A_MODERATOR,
        refusals.LISTING_NOT_HIDDEN,
        refusals.LISTING_REMOVED,
        refusals.REASON_REQUIRED,
        refusals.INVALID_REASON,
    ),
    command="moderate",
    actor="moderator_id",
    passes=("decision", "reason"),
)


def entries(
    remote: Remote, neighbourhood_id: str, viewer: str, reading: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The listings' steps in a neighbourhood's moderation log (reports that hid a listing,
    restorations, removals), newest first, in the log's entry shape. When the listings service
    does not answer, the log still shows the neighbourhood's own entries."""
    found = API.unless_unavailable(
        remote, "moderation_log", neighbourhood_id=neighbourhood_id, viewer_id=viewer, **reading
    )
    if found is None:
        return []
    items: list[dict[str, Any]] = found["items"] if isinstance(found, dict) else found
    return items
