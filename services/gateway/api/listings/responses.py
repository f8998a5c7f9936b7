"""The API's routes about answering a listing: a member responds with a message, the author
reads the responses and goes ahead with one responder, and I see my responses.
"""

from __future__ import annotations

from contracts.listings import exchange_refusals, refusals
from services.gateway.api.listings import schemas as ls
from services.gateway.api.listings.calls import API, LISTING, texts
from services.gateway.http.routing import Call, Door, Reply

respond = API.step(
    "POST",
    f"{LISTING}/responses",
    "Respond to a listing",
    201,
    ls.ResponseSent,
    body=ls.ResponseSending,
    limit="posting",
    description="A member of one of its neighbourhoods, once, while it is open.",
    refusals=(
        refusals.UNKNOWN_LISTING,
        refusals.NOT_A_MEMBER,
        refusals.OWN_LISTING,
        refusals.LISTING_NOT_OPEN,
        refusals.ALREADY_RESPONDED,
        refusals.INVALID_MESSAGE,
        exchange_refusals.INVALID_OFFER,
        exchange_refusals.RECIPIENT_ALREADY_CHOSEN,
    ),
    command="respond",
    actor="responder_id",
    passes=("message", "offer"),
    reads=True,
)


@API.route(
    "GET",
    f"{LISTING}/responses",
    "The responses to my listing",
    200,
    ls.Responses,
    description="Its author only, oldest first.",
    refusals=(refusals.UNKNOWN_LISTING, refusals.NOT_THE_AUTHOR),
)
def responses(door: Door, call: Call) -> Reply:
    """Who answered my listing, and what they said."""
    return API.query(door, call, "responses", ls.Response, key="items")


@API.route(
    "POST",
    f"{LISTING}/responses/<uuid:response_id>/accept",
    "Go ahead with a responder",
    201,
    ls.Connected,
    description="The author chooses one responder; the connection puts them in touch.",
    refusals=(
        refusals.UNKNOWN_LISTING,
        refusals.UNKNOWN_RESPONSE,
        refusals.NOT_THE_AUTHOR,
        refusals.LISTING_NOT_OPEN,
        refusals.LISTING_REMOVED,
        refusals.RESPONDER_ALREADY_CHOSEN,
        exchange_refusals.RECIPIENT_ALREADY_CHOSEN,
    ),
)
def accept(door: Door, call: Call) -> Reply:
    """Choose the responder I go ahead with."""
    return API.done(
        201,
        door,
        call,
        "choose_responder",
        ls.Connected,
        author_id=call.resident_id,
    )


@API.route(
    "GET",
    "/me/responses",
    "My responses",
    200,
    ls.MyResponses,
    query=ls.Page,
    description="What I answered, across my neighbourhoods, newest first.",
)
def my_responses(door: Door, call: Call) -> Reply:
    """The listings I responded to."""
    return API.query(
        door, call, "my_responses", ls.MyResponses, viewer="resident_id", **texts(call.query)
    )
