"""Why the neighbourhoods context refuses a command, each refusal declared once
(contracts/refusals.py): its code, HTTP status, field, details and limits, read by the domain
errors, the service's door, the gateway, the OpenAPI document and the web client."""

from __future__ import annotations

from ..refusals import NOT_AN_OPERATOR as NOT_AN_OPERATOR  # said by ops too
from ..refusals import REASON_REQUIRED as REASON_REQUIRED  # raised by this context too
from ..refusals import Refusal, declare
from .places import MAX_DESCRIPTION, MAX_NAME, MAX_NOTE

UNKNOWN_NEIGHBOURHOOD = Refusal(
    "unknown_neighbourhood", 404, "No such neighbourhood.", client_code="not_found"
)
NOT_VERIFIED = Refusal("not_verified", 403, "Verify your home address first.")
NOT_A_MEMBER = Refusal("not_a_member", 403, "Only members of this neighbourhood may do this.")
NOT_A_MODERATOR = Refusal(
    "not_a_moderator", 403, "Only the moderators of this neighbourhood may do this."
)
NOT_THE_FOUNDER = Refusal(
    "not_the_founder", 403, "Only the founder of this neighbourhood may do this."
)
ALREADY_MEMBER = Refusal("already_member", 409, "You are already a member of this neighbourhood.")
HOME_OUTSIDE_BOUNDARY = Refusal(
    "home_outside_boundary",
    422,
    "Your verified home is outside this neighbourhood.",
    details=("distance_m",),
    explained=(
        "Your verified home is outside this neighbourhood, about {distance_m:.0f} m from its edge."
    ),
)
TOO_MANY_NEIGHBOURHOODS = Refusal(
    "too_many_neighbourhoods",
    409,
    "You belong to as many neighbourhoods as allowed.",
    details=("limit",),
    explained="You already belong to {limit} neighbourhoods, the most allowed: leave one first.",
)
INVALID_BOUNDARY = Refusal(
    "invalid_boundary",
    422,
    "This boundary is not valid.",
    field="boundary",
    details=("reason",),
    limits={"max_vertices": 2000},
    explained="This boundary is not valid: {reason}.",
)
BOUNDARY_TOO_SMALL = Refusal(
    "boundary_too_small",
    422,
    "This boundary is too small.",
    field="boundary",
    details=("minimum_km2",),
    limits={"min_area_km2": 0.01},
    explained="This boundary is too small: draw at least {minimum_km2:g} km².",
)
BOUNDARY_TOO_LARGE = Refusal(
    "boundary_too_large",
    422,
    "This boundary is too large.",
    field="boundary",
    details=("maximum_km2",),
    limits={"max_area_km2": 25.0},
    explained="This boundary is too large: draw at most {maximum_km2:g} km².",
)
TOO_MANY_BOUNDARY_ATTEMPTS = Refusal(
    "too_many_boundary_attempts",
    429,
    "This neighbourhood's boundary was redrawn too often today.",
    details=("limit", "retry_after_seconds"),
    explained=(
        "This neighbourhood's boundary may be redrawn at most {limit} times a day: try again later."
    ),
)
UNKNOWN_PROPOSAL = Refusal(
    "unknown_proposal", 404, "No such boundary proposal.", client_code="not_found"
)
PROPOSAL_ALREADY_DECIDED = Refusal(
    "proposal_already_decided", 409, "This proposal was decided already."
)
INVALID_NAME = Refusal(
    "invalid_name",
    422,
    "A name has {min_length} to {max_length} characters.",
    field="name",
    limits={"min_length": 1, "max_length": MAX_NAME},
)
INVALID_DESCRIPTION = Refusal(
    "invalid_description",
    422,
    "A description has at most {max_length} characters.",
    field="description",
    limits={"max_length": MAX_DESCRIPTION},
)
NOTE_TOO_LONG = Refusal(
    "note_too_long",
    422,
    "This text is longer than {max_length} characters.",
    field="reason",
    limits={"max_length": MAX_NOTE},
)
ALREADY_MODERATOR = Refusal("already_moderator", 409, "This member is already a moderator.")
CANNOT_DISMISS_FOUNDER = Refusal("cannot_dismiss_founder", 403, "The founder cannot be dismissed.")
CANNOT_REMOVE_FOUNDER = Refusal("cannot_remove_founder", 403, "The founder cannot be removed.")
CANNOT_REMOVE_YOURSELF = Refusal("cannot_remove_yourself", 422, "Leave the neighbourhood instead.")
REJOIN_NEEDS_APPROVAL = Refusal(
    "rejoin_needs_approval", 403, "You were removed: ask the moderators to let you rejoin."
)
NOT_REMOVED = Refusal("not_removed", 409, "You were not removed from this neighbourhood: join it.")
NO_REJOIN_REQUEST = Refusal("no_rejoin_request", 409, "This resident has not asked to rejoin.")
NO_MODERATOR_ROLE_OFFERED = Refusal(
    "no_moderator_role_offered", 409, "No moderator role is offered to you here."
)
JOIN_WAS_CANCELLED = Refusal("join_was_cancelled", 409, "This join was cancelled: join again.")

REFUSALS = declare(
    UNKNOWN_NEIGHBOURHOOD,
    NOT_VERIFIED,
    NOT_A_MEMBER,
    NOT_A_MODERATOR,
    NOT_THE_FOUNDER,
    ALREADY_MEMBER,
    HOME_OUTSIDE_BOUNDARY,
    TOO_MANY_NEIGHBOURHOODS,
    INVALID_BOUNDARY,
    BOUNDARY_TOO_SMALL,
    BOUNDARY_TOO_LARGE,
    TOO_MANY_BOUNDARY_ATTEMPTS,
    NOT_AN_OPERATOR,
    UNKNOWN_PROPOSAL,
    PROPOSAL_ALREADY_DECIDED,
    INVALID_NAME,
    INVALID_DESCRIPTION,
    REASON_REQUIRED,
    NOTE_TOO_LONG,
    ALREADY_MODERATOR,
    CANNOT_DISMISS_FOUNDER,
    CANNOT_REMOVE_FOUNDER,
    CANNOT_REMOVE_YOURSELF,
    REJOIN_NEEDS_APPROVAL,
    NOT_REMOVED,
    NO_REJOIN_REQUEST,
    NO_MODERATOR_ROLE_OFFERED,
    JOIN_WAS_CANCELLED,
)
