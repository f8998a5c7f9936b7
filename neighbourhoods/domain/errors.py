"""Why the neighbourhoods context refuses a command: one error per rule, each naming its refusal
(contracts/neighbourhoods/refusals.py: code, status, field, details, limits). Messages hold
counts and limits, never a personal value nor a member's id, so they are safe to log and to
show."""

from __future__ import annotations

from typing import ClassVar

from contracts.neighbourhoods import refusals
from contracts.refusals import Refusal


class NeighbourhoodsRefusal(Exception):
    """A command refused by a rule of the neighbourhoods context; `refusal` is its declaration."""

    refusal: ClassVar[Refusal]


class UnknownNeighbourhood(NeighbourhoodsRefusal):
    refusal = refusals.UNKNOWN_NEIGHBOURHOOD


class NotVerified(NeighbourhoodsRefusal):
    """The resident has no verified home (or it was verified before it was withdrawn)."""

    refusal = refusals.NOT_VERIFIED


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


class NotAnOperator(NeighbourhoodsRefusal):
    """Only a platform operator decides a boundary proposal."""

    refusal = refusals.NOT_AN_OPERATOR


class UnknownProposal(NeighbourhoodsRefusal):
    refusal = refusals.UNKNOWN_PROPOSAL


class ProposalAlreadyDecided(NeighbourhoodsRefusal):
    refusal = refusals.PROPOSAL_ALREADY_DECIDED


class InvalidName(NeighbourhoodsRefusal):
    refusal = refusals.INVALID_NAME


class InvalidDescription(NeighbourhoodsRefusal):
    refusal = refusals.INVALID_DESCRIPTION


class ReasonRequired(NeighbourhoodsRefusal):
    refusal = refusals.REASON_REQUIRED


class NoteTooLong(NeighbourhoodsRefusal):
    refusal = refusals.NOTE_TOO_LONG


class AlreadyMember(NeighbourhoodsRefusal):
    refusal = refusals.ALREADY_MEMBER


class NotAMember(NeighbourhoodsRefusal):
    refusal = refusals.NOT_A_MEMBER


class NotAModerator(NeighbourhoodsRefusal):
    refusal = refusals.NOT_A_MODERATOR


class NotTheFounder(NeighbourhoodsRefusal):
    refusal = refusals.NOT_THE_FOUNDER


class AlreadyModerator(NeighbourhoodsRefusal):
    refusal = refusals.ALREADY_MODERATOR


class CannotDismissFounder(NeighbourhoodsRefusal):
    refusal = refusals.CANNOT_DISMISS_FOUNDER


class CannotRemoveFounder(NeighbourhoodsRefusal):
    refusal = refusals.CANNOT_REMOVE_FOUNDER


class CannotRemoveYourself(NeighbourhoodsRefusal):
    """A moderator leaves rather than removing themselves."""

    refusal = refusals.CANNOT_REMOVE_YOURSELF


class RejoinNeedsApproval(NeighbourhoodsRefusal):
    """A removed resident comes back only once a moderator approved their request."""

    refusal = refusals.REJOIN_NEEDS_APPROVAL


class NotRemoved(NeighbourhoodsRefusal):
    """Only a removed resident asks to rejoin; anyone else simply joins."""

    refusal = refusals.NOT_REMOVED


class NoRejoinRequest(NeighbourhoodsRefusal):
    refusal = refusals.NO_REJOIN_REQUEST


class NoModeratorRoleOffered(NeighbourhoodsRefusal):
    refusal = refusals.NO_MODERATOR_ROLE_OFFERED


class JoinWasCancelled(NeighbourhoodsRefusal):
    """This join was refused or cancelled earlier (its place was released): join again."""

    refusal = refusals.JOIN_WAS_CANCELLED
