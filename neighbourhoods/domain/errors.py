"""Why the neighbourhoods context refuses a command: one error per rule. Messages hold counts
and limits, never a personal value nor a member's id, so they are safe to log and to show."""

from __future__ import annotations


class NeighbourhoodsError(Exception):
    """A command refused by a rule of the neighbourhoods context."""


class UnknownNeighbourhood(NeighbourhoodsError):
    pass


class NotVerified(NeighbourhoodsError):
    """The resident has no verified home (or it was verified before it was withdrawn)."""


class HomeOutsideBoundary(NeighbourhoodsError):
    def __init__(self, distance_m: float | None) -> None:
        shown = f" ({round(distance_m)} m outside)" if distance_m is not None else ""
        super().__init__(f"your verified home is not inside this neighbourhood{shown}")
        self.distance_m = distance_m


class TooManyNeighbourhoods(NeighbourhoodsError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"a resident belongs to at most {limit} neighbourhoods")
        self.limit = limit


class InvalidBoundary(NeighbourhoodsError):
    """The boundary is not an acceptable GeoJSON Polygon or MultiPolygon; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"invalid boundary: {reason}")
        self.reason = reason


class BoundaryTooSmall(InvalidBoundary):
    def __init__(self, area_km2: float, minimum_km2: float) -> None:
        super().__init__(f"its area is {area_km2:.4f} km², at least {minimum_km2:g} km² is needed")
        self.area_km2 = area_km2
        self.minimum_km2 = minimum_km2


class BoundaryTooLarge(InvalidBoundary):
    def __init__(self, area_km2: float, maximum_km2: float) -> None:
        super().__init__(f"its area is {area_km2:.2f} km², at most {maximum_km2:g} km² is allowed")
        self.area_km2 = area_km2
        self.maximum_km2 = maximum_km2


class TooManyBoundaryAttempts(NeighbourhoodsError):
    """The neighbourhood used up its attempts to redraw the boundary for now; the next one is
    possible in `retry_after_seconds`."""

    def __init__(self, limit: int, retry_after_seconds: int) -> None:
        super().__init__(f"at most {limit} boundary changes are attempted within a day")
        self.limit = limit
        self.retry_after_seconds = retry_after_seconds


class NotAnOperator(NeighbourhoodsError):
    """Only a platform operator decides a boundary proposal."""


class UnknownProposal(NeighbourhoodsError):
    pass


class ProposalAlreadyDecided(NeighbourhoodsError):
    pass


class InvalidName(NeighbourhoodsError):
    pass


class InvalidDescription(NeighbourhoodsError):
    pass


class ReasonRequired(NeighbourhoodsError):
    pass


class NoteTooLong(NeighbourhoodsError):
    pass


class AlreadyMember(NeighbourhoodsError):
    pass


class NotAMember(NeighbourhoodsError):
    pass


class NotAModerator(NeighbourhoodsError):
    pass


class NotTheFounder(NeighbourhoodsError):
    pass


class AlreadyModerator(NeighbourhoodsError):
    pass


class CannotDismissFounder(NeighbourhoodsError):
    pass


class CannotRemoveFounder(NeighbourhoodsError):
    pass


class CannotRemoveYourself(NeighbourhoodsError):
    """A moderator leaves rather than removing themselves."""


class RejoinNeedsApproval(NeighbourhoodsError):
    """A removed resident comes back only once a moderator approved their request."""


class NotRemoved(NeighbourhoodsError):
    """Only a removed resident asks to rejoin; anyone else simply joins."""


class NoRejoinRequest(NeighbourhoodsError):
    pass


class NoModeratorRoleOffered(NeighbourhoodsError):
    pass


class JoinWasCancelled(NeighbourhoodsError):
    """This join was refused or cancelled earlier (its place was released): join again."""
