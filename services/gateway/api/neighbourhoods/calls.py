"""How the neighbourhoods routes call the neighbourhoods service, and what a client is told when
it refuses.

A refusal becomes the API's error as contracts/neighbourhoods/refusals.py declares it; the
numbers a person needs (how far outside their home is, the most neighbourhoods one may join, a
boundary's area, how long to wait before redrawing a boundary again) are added to the message
and, for a client to use, as `error.details`. A route may say otherwise of a code where it means
something else there (removing a resident who is not a member: 404, not the caller's 403).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contracts import refusals
from services.gateway.api.neighbourhoods.schemas import Membership, shown
from services.gateway.api.reading import reading
from services.gateway.api.service_api import ServiceApi
from services.gateway.http.errors import ApiError, not_found
from services.gateway.http.refusals import api_error, explained
from services.gateway.http.routing import Call, Reply
from services.gateway.remote import Refusal, Remote

__all__ = [
    "API",
    "ask",
    "command",
    "memberships",
    "on_neighbourhood",
    "positioned",
    "reading",
    "refused",
]

NEIGHBOURHOODS = "neighbourhoods"
# What a client may read of a refusal's details.
DETAILS = ("distance_m", "limit", "area_km2", "minimum_km2", "maximum_km2", "retry_after_seconds")


def refused(
    refusal: Refusal,
    fields: Mapping[str, str] | None = None,
    here: Mapping[str, refusals.Refusal] | None = None,
) -> ApiError:
    """The client's error for a refusal of the neighbourhoods service. `fields` renames the
    field a refusal is about; `here` gives codes the meaning they have on this route."""
    code, details = refusal.code, refusal.details
    meant = (here or {}).get(code)
    if meant is not None:
        field, text = meant.field, meant.text()
        return ApiError(meant.status, meant.answered_code, text, {field: [text]} if field else None)
    if code == "not_found":
        return not_found("No such neighbourhood.")
    error = api_error(code, details, dict(fields or {}))
    text = explained(code, details, error.message)
    if error.fields:
        error.fields = {name: [text] for name in error.fields}
    error.message = text
    shown_details = {k: details[k] for k in DETAILS if k in details}
    if shown_details:
        error.details = shown_details
    return error


def ask(
    remote: Remote,
    method: str,
    fields: Mapping[str, str] | None = None,
    here: Mapping[str, refusals.Refusal] | None = None,
    **kwargs: Any,
) -> Any:
    """A query, or a command given its command_id, of the neighbourhoods service; its refusal as
    the client's error. A conflict is not asked again here: the service's command loop has
    already decided the command again as often as it allows."""
    if fields is None and here is None:
        return API.ask(remote, method, **kwargs)
    return API.ask(remote, method, lambda refusal: refused(refusal, fields, here), **kwargs)


def command(
    remote: Remote,
    method: str,
    fields: Mapping[str, str] | None = None,
    here: Mapping[str, refusals.Refusal] | None = None,
    *,
    command_id: str,
    **kwargs: Any,
) -> str | None:
    """Run a command given its id (Call.command_id); its position."""
    done = ask(remote, method, fields, here, command_id=command_id, **kwargs)
    position: str | None = done.get("position")
    return position


def on_neighbourhood(remote: Remote, call: Call, method: str, **kwargs: Any) -> str | None:
    """Run the command `method` on the neighbourhood the call's path names, under the call's
    command id; its position."""
    neighbourhood_id = str(call.path["neighbourhood_id"])
    return command(
        remote, method, command_id=call.command_id(), neighbourhood_id=neighbourhood_id, **kwargs
    )


def positioned(status: int, remote: Remote, call: Call, method: str, **kwargs: Any) -> Reply:
    """Run the command `method` on the call's neighbourhood (on_neighbourhood); answer `status`
    and its position."""
    return Reply(status, {"position": on_neighbourhood(remote, call, method, **kwargs)})


def memberships(remote: Remote, resident_id: str, reading: Mapping[str, Any]) -> dict[str, Any]:
    """GET /me's `neighbourhoods`. When the neighbourhoods service does not answer, GET /me
    still does: `neighbourhoods` is null and `unavailable` lists "neighbourhoods"."""
    found = API.unless_unavailable(remote, "memberships_of", resident_id=resident_id, **reading)
    if found is None:
        return {"neighbourhoods": None, "unavailable": [NEIGHBOURHOODS]}
    return {"neighbourhoods": shown(Membership, found)}


API = ServiceApi(NEIGHBOURHOODS, refused)
