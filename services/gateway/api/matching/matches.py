"""The API's routes about matches: the ones suggested to me, with their reasons, and my answer
to each (both sides accepting puts us in touch)."""

from __future__ import annotations

from contracts.matching import refusals
from services.gateway.api.matching import schemas as ms
from services.gateway.api.matching.calls import API, MATCH
from services.gateway.http import schemas
from services.gateway.http.routing import Call, Door, Reply

ANSWERS = (refusals.UNKNOWN_MATCH, refusals.MATCH_NOT_OPEN, refusals.ALREADY_ANSWERED)


@API.route(
    "GET",
    "/matches",
    "Suggested for me",
    200,
    ms.Matches,
    description="The matches I am part of, newest first, with the reasons for each.",
)
def my_matches(door: Door, call: Call) -> Reply:
    """What the platform suggests to me."""
    return API.query(door, call, "matches_of", ms.Match, viewer="resident_id", key="items")


accept_match = API.step(
    "POST",
    f"{MATCH}/accept",
    "Accept a match",
    200,
    schemas.Positioned,
    description="Either side; when the other side accepted already, we are put in touch.",
    refusals=ANSWERS,
    command="accept_match",
)


decline_match = API.step(
    "POST",
    f"{MATCH}/decline",
    "Decline a match",
    200,
    schemas.Positioned,
    description="Either side, before we are put in touch: the match is over for both.",
    refusals=ANSWERS,
    command="decline_match",
)
