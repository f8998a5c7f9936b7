"""The API's routes about connections ("mise en relation"): my connections and what each other
side reveals, a conversation's messages, writing, ending, thanking; a resident's thanks; blocking
and unblocking, and whom I block."""

from __future__ import annotations

from contracts.matching import refusals
from services.gateway.api.matching import connection_schemas as cs
from services.gateway.api.matching.calls import API
from services.gateway.http import schemas
from services.gateway.http.routing import Call, Door, Reply

CONNECTION = "/connections/<uuid:connection_id>"
RESIDENT = "/residents/<uuid:resident_id>"


@API.route(
    "GET",
    "/connections",
    "My connections",
    200,
    cs.Connections,
    description="The most recently active first, each with what the other side discloses.",
)
def connections(door: Door, call: Call) -> Reply:
    """Who I am in touch with."""
    return API.query(door, call, "connections", cs.Connection, key="items")


@API.route(
    "GET",
    CONNECTION,
    "A connection",
    200,
    cs.Connection,
    description="Either side only; the other's display name always, their phone when they "
    "gave one, their e-mail and full address when they disclose all, else their street.",
    refusals=(refusals.UNKNOWN_CONNECTION,),
)
def connection(door: Door, call: Call) -> Reply:
    """One connection."""
    return API.query(door, call, "connection", cs.Connection)


@API.route(
    "POST",
    f"{CONNECTION}/end",
    "End a connection",
    200,
    schemas.Positioned,
    body=cs.Ending,
    description="Either side; no message is written in it afterwards.",
    refusals=(
        refusals.UNKNOWN_CONNECTION,
        refusals.CONNECTION_ENDED,
        refusals.INVALID_END_REASON,
    ),
)
def end(door: Door, call: Call) -> Reply:
    """Stop this exchange."""
    reason = call.body.get("reason") or None
    return API.done(200, door, call, "end_connection", resident_id=call.resident_id, reason=reason)


@API.route(
    "GET",
    f"{CONNECTION}/messages",
    "A conversation",
    200,
    cs.Messages,
    query=cs.MessagesQuery,
    description="The newest messages, oldest first; next_cursor pages to older ones. The other "
    "side's messages are not shown while one of us blocks the other.",
    refusals=(refusals.UNKNOWN_CONNECTION,),
)
def messages(door: Door, call: Call) -> Reply:
    """What we wrote to each other."""
    return API.query(door, call, "messages", cs.Messages, **call.query)


write = API.step(
    "POST",
    f"{CONNECTION}/messages",
    "Write in a conversation",
    201,
    cs.Written,
    body=cs.Writing,
    limit="posting",
    refusals=(
        refusals.UNKNOWN_CONNECTION,
        refusals.CONNECTION_ENDED,
        refusals.BLOCKED,
        refusals.INVALID_CONNECTION_MESSAGE,
        refusals.TOO_MANY_MESSAGES,
    ),
    command="post_message",
    actor="author_id",
    passes=("text",),
)


thank = API.step(
    "POST",
    f"{CONNECTION}/thanks",
    "Thank the other side",
    201,
    cs.Thanked,
    body=cs.Thanking,
    limit="posting",
    description="Once each, a short text (no rating), shown on their profile to neighbours.",
    refusals=(
        refusals.UNKNOWN_CONNECTION,
        refusals.BLOCKED,
        refusals.ENDED_BY_BLOCK,
        refusals.ALREADY_THANKED,
        refusals.INVALID_THANKS,
    ),
    command="give_thanks",
    actor="author_id",
    passes=("text",),
)


@API.route(
    "GET",
    f"{RESIDENT}/thanks",
    "A resident's thanks",
    200,
    cs.ThanksList,
    description="To themselves and the members of a neighbourhood they share, newest first.",
    refusals=(refusals.UNKNOWN_RESIDENT,),
)
def thanks(door: Door, call: Call) -> Reply:
    """What neighbours thanked a resident for."""
    return API.query(door, call, "thanks", cs.ThanksList)


@API.route(
    "POST",
    f"{RESIDENT}/block",
    "Block a resident",
    201,
    schemas.Positioned,
    description="We are never matched or connected again, our open connection ends and "
    "neither reads the other's messages.",
    refusals=(
        refusals.UNKNOWN_RESIDENT,
        refusals.CANNOT_BLOCK_YOURSELF,
        refusals.ALREADY_BLOCKED,
        refusals.TOO_MANY_BLOCKS,
    ),
)
def block(door: Door, call: Call) -> Reply:
    """Block someone."""
    return _blocking(201, door, call, "block")


@API.route(
    "DELETE",
    f"{RESIDENT}/block",
    "Unblock a resident",
    200,
    schemas.Positioned,
    description="We may be matched or connected again; an ended connection stays ended.",
    refusals=(refusals.NOT_BLOCKED,),
)
def unblock(door: Door, call: Call) -> Reply:
    """Lift a block."""
    return _blocking(200, door, call, "unblock")


def _blocking(status: int, door: Door, call: Call, method: str) -> Reply:
    target = str(call.path["resident_id"])
    found = API.command(door.remote, call, method, blocker_id=call.resident_id, blocked_id=target)
    return Reply(status, {"position": found["position"]})


@API.route("GET", "/me/blocks", "Whom I block", 200, cs.Blocks)
def my_blocks(door: Door, call: Call) -> Reply:
    """The residents I block, the latest first."""
    return API.query(door, call, "blocks", cs.Block, viewer="resident_id", key="items")
