"""Why the neighbourhoods context refuses a command, each refusal declared once
(contracts/refusals.py): its code, HTTP status, field, details and limits, read by the domain
errors, the service's door, the gateway, the OpenAPI document and the web client."""

from __future__ import annotations

from ..refusals import NOT_AN_OPERATOR as NOT_AN_OPERATOR  # said by ops too
from ..refusals import REASON_REQUIRED as REASON_REQUIRED  # raised by this context too
from ..refusals import Refusal, conflict, forbidden, gathered, invalid, missing, too_long
from .places import MAX_DESCRIPTION, MAX_NAME, MAX_NOTE

UNKNOWN_NEIGHBOURHOOD = missing("unknown_neighbourhood", "No such neighbourhood.")
NOT_VERIFIED = forbidden("not_verified", "Verify your home address first.")
NOT_A_MEMBER = forbidden("not_a_member", "Only members of this neighbourhood may do this.")
NOT_A_MODERATOR = forbidden(
    "not_a_moderator", "Only the moderators of this neighbourhood may do this."
)
NOT_THE_FOUNDER = forbidden(
    "not_the_founder", "Only the founder of this neighbourhood may do this."
)
ALREADY_MEMBER = conflict("already_member", "You are already a member of this neighbourhood.")
HOME_OUTSIDE_BOUNDARY = invalid(
    "home_outside_boundary",
    None,
    "Your verified home is outside this neighbourhood.",
    details=("distance_m",),
    explained=(
        "Your verified home is outside this neighbourhood, about {distance_m:.0f} m from its edge."
    ),
)
TOO_MANY_NEIGHBOURHOODS = conflict(
    "too_many_neighbourhoods",
    "You belong to as many neighbourhoods as allowed.",
    details=("limit",),
    explained="You already belong to {limit} neighbourhoods, the most allowed: leave one first.",
)
INVALID_BOUNDARY = invalid(
    "invalid_boundary",
    "boundary",
    "This boundary is not valid.",
    details=("reason",),
    limits={"max_vertices": 2000},
    explained="This boundary is not valid: {reason}.",
)
BOUNDARY_TOO_SMALL = invalid(
    "boundary_too_small",
    "boundary",
    "This boundary is too small.",
    details=("minimum_km2",),
    limits={"min_area_km2": 0.01},
    explained="This boundary is too small: draw at least {minimum_km2:g} km².",
)
BOUNDARY_TOO_LARGE = invalid(
    "boundary_too_large",
    "boundary",
    "This boundary is too large.",
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
UNKNOWN_PROPOSAL = missing("unknown_proposal", "No such boundary proposal.")
PROPOSAL_ALREADY_DECIDED = conflict(
    "proposal_already_decided", "This proposal was decided already."
)
INVALID_NAME = invalid(
    "invalid_name",
    "name",
    "A name has {min_length} to {max_length} characters.",
    limits={"min_length": 1, "max_length": MAX_NAME},
)
INVALID_DESCRIPTION = too_long(
    "invalid_description",
    "description",
    "A description has at most {max_length} characters.",
    MAX_DESCRIPTION,
)
NOTE_TOO_LONG = too_long(
    "note_too_long", "reason", "This text is longer than {max_length} characters.", MAX_NOTE
)
ALREADY_MODERATOR = conflict("already_moderator", "This member is already a moderator.")
CANNOT_DISMISS_FOUNDER = forbidden("cannot_dismiss_founder", "The founder cannot be dismissed.")
CANNOT_REMOVE_FOUNDER = forbidden("cannot_remove_founder", "The founder cannot be removed.")
CANNOT_REMOVE_YOURSELF = invalid("cannot_remove_yourself", None, "Leave the neighbourhood instead.")
REJOIN_NEEDS_APPROVAL = forbidden(
    "rejoin_needs_approval", "You were removed: ask the moderators to let you rejoin."
)
NOT_REMOVED = conflict("not_removed", "You were not removed from this neighbourhood: join it.")
NO_REJOIN_REQUEST = conflict("no_rejoin_request", "This resident has not asked to rejoin.")
NO_MODERATOR_ROLE_OFFERED = conflict(
    "no_moderator_role_offered", "No moderator role is offered to you here."
)
JOIN_WAS_CANCELLED = conflict("join_was_cancelled", "This join was cancelled: join again.")

REFUSALS = gathered(globals())
