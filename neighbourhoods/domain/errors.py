"""Why the neighbourhoods context refuses a command: one error per rule, each naming its refusal
(contracts/neighbourhoods/refusals.py: code, status, field, details, limits). Messages hold
counts and limits, never a personal value nor a member's id, so they are safe to log and to
show."""

from __future__ import annotations

from contracts.neighbourhoods import refusals
from contracts.refusals import Refused, rule


class NeighbourhoodsRefusal(Refused):
    """A command refused by a rule of the neighbourhoods context; `refusal` is its declaration."""


UnknownNeighbourhood = rule(NeighbourhoodsRefusal, refusals.UNKNOWN_NEIGHBOURHOOD)
# The resident has no verified home (or it was verified before it was withdrawn).
NotVerified = rule(NeighbourhoodsRefusal, refusals.NOT_VERIFIED)


class HomeOutsideBoundary(NeighbourhoodsRefusal):
    refusal = refusals.HOME_OUTSIDE_BOUNDARY

    def __init__(self, distance_m: float | None) -> None:
        shown = f" ({round(distance_m)} m outside)" if distance_m is not None else ""
        super().__init__(f"your verified home is not inside this neighbourhood{shown}")
        self.distance_m = distance_m


class TooManyNeighbourhoods(NeighbourhoodsRefusal):
    refusal = refusals.TOO_MANY_NEIGHBOURHOODS

    def __init__(self, limit: int) -> None:
        super().__init__(f"a resident belongs to at most {limit} neighbourhoods")
        self.limit = limit


class InvalidBoundary(NeighbourhoodsRefusal):
    """The boundary is not an acceptable GeoJSON Polygon or MultiPolygon; `reason` says why."""

    refusal = refusals.INVALID_BOUNDARY

    def __init__(self, reason: str) -> None:
        super().__init__(f"invalid boundary: {reason}")
        self.reason = reason


class BoundaryTooSmall(InvalidBoundary):
    refusal = refusals.BOUNDARY_TOO_SMALL

    def __init__(self, area_km2: float, minimum_km2: float) -> None:
        super().__init__(f"its area is {area_km2:.4f} km², at least {minimum_km2:g} km² is needed")
        self.area_km2 = area_km2
        self.minimum_km2 = minimum_km2


class BoundaryTooLarge(InvalidBoundary):
    refusal = refusals.BOUNDARY_TOO_LARGE

    def __init__(self, area_km2: float, maximum_km2: float) -> None:
        super().__init__(f"its area is {area_km2:.2f} km², at most {maximum_km2:g} km² is allowed")
        self.area_km2 = area_km2
        self.maximum_km2 = maximum_km2


class TooManyBoundaryAttempts(NeighbourhoodsRefusal):
    """The neighbourhood used up its attempts to redraw the boundary for now; the next one is
    possible in `retry_after_seconds`."""

    refusal = refusals.TOO_MANY_BOUNDARY_ATTEMPTS

    def __init__(self, limit: int, retry_after_seconds: int) -> None:
        super().__init__(f"at most {limit} boundary changes are attempted within a day")
        self.limit = limit
        self.retry_after_seconds = retry_after_seconds


# Only a platform operator decides a boundary proposal.
NotAnOperator = rule(NeighbourhoodsRefusal, refusals.NOT_AN_OPERATOR)
UnknownProposal = rule(NeighbourhoodsRefusal, refusals.UNKNOWN_PROPOSAL)
ProposalAlreadyDecided = rule(NeighbourhoodsRefusal, refusals.PROPOSAL_ALREADY_DECIDED)
InvalidName = rule(NeighbourhoodsRefusal, refusals.INVALID_NAME)
InvalidDescription = rule(NeighbourhoodsRefusal, refusals.INVALID_DESCRIPTION)
ReasonRequired = rule(NeighbourhoodsRefusal, refusals.REASON_REQUIRED)
NoteTooLong = rule(NeighbourhoodsRefusal, refusals.NOTE_TOO_LONG)
AlreadyMember = rule(NeighbourhoodsRefusal, refusals.ALREADY_MEMBER)
NotAMember = rule(NeighbourhoodsRefusal, refusals.NOT_A_MEMBER)
NotAModerator = rule(NeighbourhoodsRefusal, refusals.NOT_A_MODERATOR)
NotTheFounder = rule(NeighbourhoodsRefusal, refusals.NOT_THE_FOUNDER)
AlreadyModerator = rule(NeighbourhoodsRefusal, refusals.ALREADY_MODERATOR)
CannotDismissFounder = rule(NeighbourhoodsRefusal, refusals.CANNOT_DISMISS_FOUNDER)
CannotRemoveFounder = rule(NeighbourhoodsRefusal, refusals.CANNOT_REMOVE_FOUNDER)
# A moderator leaves rather than removing themselves.
CannotRemoveYourself = rule(NeighbourhoodsRefusal, refusals.CANNOT_REMOVE_YOURSELF)
# A removed resident comes back only once a moderator approved their request.
RejoinNeedsApproval = rule(NeighbourhoodsRefusal, refusals.REJOIN_NEEDS_APPROVAL)
# Only a removed resident asks to rejoin; anyone else simply joins.
NotRemoved = rule(NeighbourhoodsRefusal, refusals.NOT_REMOVED)
NoRejoinRequest = rule(NeighbourhoodsRefusal, refusals.NO_REJOIN_REQUEST)
NoModeratorRoleOffered = rule(NeighbourhoodsRefusal, refusals.NO_MODERATOR_ROLE_OFFERED)
# This join was refused or cancelled earlier (its place was released): join again.
JoinWasCancelled = rule(NeighbourhoodsRefusal, refusals.JOIN_WAS_CANCELLED)
