"""How the neighbourhoods routes call the neighbourhoods service, and what a client is told when
it refuses.

A refusal becomes the API's error through refusals.py's rules; the numbers a person needs (how
far outside their home is, the most neighbourhoods one may join, a boundary's area, how long
to wait before redrawing a boundary again) are added to the message and, for a client to use,
as `error.details`. A route may say otherwise of a code where it means something else there
(removing a resident who is not a member: 404, not the caller's 403).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.gateway.api.neighbourhoods.schemas import Membership, shown
from services.gateway.http.errors import ApiError, not_found
from services.gateway.http.refusals import Rule, api_error
from services.gateway.http.routing import Call
from services.gateway.remote import Refusal, Remote

NEIGHBOURHOODS = "neighbourhoods"
# What a client may read of a refusal's details.
DETAILS = ("distance_m", "limit", "area_km2", "minimum_km2", "maximum_km2", "retry_after_seconds")
CONFLICT_RETRIES = 2
# How long the neighbourhoods service's queries wait for their read model to reach `after`
# (neighbourhoods/service_queries.py).
CATCH_UP_SECONDS = 5.0


# A refusal's text for a person, with the number of its details it needs.
TEXTS = {
    "home_outside_boundary": (
        "distance_m",
        "Your verified home is outside this neighbourhood, about {:.0f} m from its edge.",
    ),
    "too_many_neighbourhoods": (
        "limit",
        "You already belong to {} neighbourhoods, the most allowed: leave one first.",
    ),
    "boundary_too_small": ("minimum_km2", "This boundary is too small: draw at least {:g} km²."),
    "boundary_too_large": ("maximum_km2", "This boundary is too large: draw at most {:g} km²."),
    "invalid_boundary": ("reason", "This boundary is not valid: {}."),
    "too_many_boundary_attempts": (
        "limit",
        "This neighbourhood's boundary may be redrawn at most {} times a day: try again later.",
    ),
}


def message(code: str, details: Mapping[str, Any], default: str) -> str:
    """The refusal's text for a person, with its numbers; `default` without them."""
    key, text = TEXTS.get(code, ("", ""))
    value = details.get(key)
    if not text or isinstance(value, bool) or not isinstance(value, int | float | str):
        return default
    try:
        return text.format(value)
    except (TypeError, ValueError):
        return default


def refused(
    refusal: Refusal,
    fields: Mapping[str, str] | None = None,
    here: Mapping[str, Rule] | None = None,
) -> ApiError:
    """The client's error for a refusal of the neighbourhoods service. `fields` renames the
    field a refusal is about; `here` gives codes the meaning they have on this route."""
    code, details = refusal.code, refusal.details
    rule = (here or {}).get(code)
    if rule is not None:
        field = rule.field
        return ApiError(
            rule.status, rule.code or code, rule.message, {field: [rule.message]} if field else None
        )
    if code == "not_found":
        return not_found("No such neighbourhood.")
    error = api_error(code, details, dict(fields or {}))
    text = message(code, details, error.message)
    if error.fields:
        error.fields = {name: [text] for name in error.fields}
    error.message = text
    shown_details = {k: details[k] for k in DETAILS if k in details}
    if shown_details:
        error.details = shown_details
    return error


class NeighbourhoodCalls:
    """What the neighbourhoods routes share: asking the service, refusals as API errors."""

    remote: Remote

    def _hood_ask(
        self,
        method: str,
        fields: Mapping[str, str] | None = None,
        here: Mapping[str, Rule] | None = None,
        **kwargs: Any,
    ) -> Any:
        """A query, or a command given its command_id: a command that collided with another
        change is asked again with the same id, so that it still happens once."""
        for attempt in range(CONFLICT_RETRIES + 1):
            try:
                return self.remote.call(NEIGHBOURHOODS, method, **kwargs)
            except Refusal as refusal:
                if refusal.code == "conflict" and attempt < CONFLICT_RETRIES:
                    continue
                raise refused(refusal, fields, here) from None
        raise AssertionError("unreachable")

    def _hood_command(
        self,
        method: str,
        fields: Mapping[str, str] | None = None,
        here: Mapping[str, Rule] | None = None,
        *,
        command_id: str,
        **kwargs: Any,
    ) -> str | None:
        """Run a command given its id (Call.command_id); its position."""
        done = self._hood_ask(method, fields, here, command_id=command_id, **kwargs)
        position: str | None = done.get("position")
        return position

    @staticmethod
    def _hood_reading(call: Call, waits: int = 1) -> dict[str, Any]:
        """`after` for a query, or a command that needs the caller's home (found, join,
        redraw): the client's, which the service may take `waits` catch-up times to reach;
        else the position the sign-in saw, reached at once. Right after verifying an address,
        a client passes the position the verification answered."""
        if call.after is not None:
            return {"after": call.after, "patience": CATCH_UP_SECONDS * waits}
        return {
            "after": call.session.position if call.session else None,
            "patience": CATCH_UP_SECONDS * (waits - 1),
        }


def memberships(remote: Remote, resident_id: str, reading: Mapping[str, Any]) -> dict[str, Any]:
    """GET /me's `neighbourhoods`. When the neighbourhoods service does not answer, GET /me
    still does: `neighbourhoods` is null and `unavailable` lists "neighbourhoods"."""
    try:
        found = remote.call(NEIGHBOURHOODS, "memberships_of", resident_id=resident_id, **reading)
    except ApiError as error:
        if error.code != "unavailable":
            raise
        return {"neighbourhoods": None, "unavailable": [NEIGHBOURHOODS]}
    except Refusal as refusal:
        raise refused(refusal) from None
    return {"neighbourhoods": shown(Membership, found)}
