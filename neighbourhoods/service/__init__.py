"""The `neighbourhoods` Nameko service: neighbourhoods, their boundaries, members and roles.

Thin doors over NeighbourhoodHandlers (commands) and the read models (queries), reached over RPC
by the gateway. Every command takes the caller's `command_id` (a UUID: retrying with the same one
appends nothing twice) and answers a dict holding `position`; a query given `after=<position>`
answers once the read models have applied it (read-your-writes). A command that needs identity's
facts (a verified home, members' homes) accepts `after` too: a position from identity (the log
is one) makes it wait until this service has heard of, say, a verification just made. Ids are
UUID strings, times ISO 8601 strings in UTC. The resident acting is named by the caller (the
gateway, from the session): `founder_id`, `moderator_id`, `actor_id`, `resident_id`.

Refusals are raised as NeighbourhoodsError (see service/errors.py). Without importing this
package, a caller sees nameko's RemoteError(exc_type="NeighbourhoodsError", value="<code>: ...").
The withdrawal policy (policies.py) runs inside this service, with its read models. The
boundary's doors (redrawing, operators' decisions on proposals) are in service/boundary.py.
"""

from __future__ import annotations

from typing import Any

from neighbourhoods.service import boundary as service_boundary
from neighbourhoods.service import reservations as service_reservations
from neighbourhoods.service.errors import (
    NOTE,
    NeighbourhoodsError,
    NotCaughtUp,
    done,
    door,
    geojson,
    maybe,
    rpc_door,
    text,
    uid,
)
from neighbourhoods.service.wiring import Handlers

__all__ = ["NeighbourhoodsError", "NeighbourhoodsService", "NotCaughtUp"]


# Imported as a module: `nameko run neighbourhoods.service` would otherwise find a second one.
class NeighbourhoodsService(
    service_boundary.BoundaryDoors, service_reservations.NeighbourhoodsReservations
):
    name = "neighbourhoods"

    handlers = Handlers()

    # The place

    @rpc_door
    @door
    def create(
        self,
        command_id: str,
        founder_id: str,
        name: str,
        description: str,
        boundary: Any,
        after: str | None = None,
    ) -> dict[str, Any]:
        """Found a neighbourhood around the founder's verified home; they are its first member.
        `boundary`: GeoJSON Polygon or MultiPolygon (or a Feature holding one), lon/lat.
        -> {neighbourhood_id, position}. invalid_boundary (details.reason), boundary_too_small,
        boundary_too_large (details.area_km2, minimum_km2 / maximum_km2), invalid_name,
        invalid_description, not_verified, home_outside_boundary (details.distance_m),
        too_many_neighbourhoods (details.limit)."""
        cid, founder = uid(command_id, "command_id"), uid(founder_id, "founder_id")
        created = self.handlers.create(
            cid,
            founder,
            text(name, "name", 200),
            text(description, "description", 4000),
            geojson(boundary),
            self._home(founder, after),
        )
        return done(created.position, neighbourhood_id=created.neighbourhood_id)

    @rpc_door
    @door
    def rename(
        self, command_id: str, neighbourhood_id: str, actor_id: str, name: str
    ) -> dict[str, Any]:
        """Founder or moderators. -> {position}. not_a_moderator, invalid_name."""
        position = self.handlers.rename(
            uid(command_id, "command_id"),
            uid(neighbourhood_id, "neighbourhood_id"),
            uid(actor_id, "actor_id"),
            text(name, "name", 200),
        )
        return done(position)

    @rpc_door
    @door
    def change_description(
        self, command_id: str, neighbourhood_id: str, actor_id: str, description: str
    ) -> dict[str, Any]:
        """Founder or moderators. -> {position}. not_a_moderator, invalid_description."""
        position = self.handlers.change_description(
            uid(command_id, "command_id"),
            uid(neighbourhood_id, "neighbourhood_id"),
            uid(actor_id, "actor_id"),
            text(description, "description", 4000),
        )
        return done(position)

    # Membership

    @rpc_door
    @door
    def join(
        self, command_id: str, neighbourhood_id: str, resident_id: str, after: str | None = None
    ) -> dict[str, Any]:
        """-> {position}. not_found, not_verified, already_member, rejoin_needs_approval,
        home_outside_boundary (details.distance_m), too_many_neighbourhoods (details.limit),
        join_was_cancelled."""
        rid = uid(resident_id, "resident_id")
        position = self.handlers.join(
            uid(command_id, "command_id"),
            uid(neighbourhood_id, "neighbourhood_id"),
            rid,
            self._home(rid, after),
        )
        return done(position)

    @rpc_door
    @door
    def leave(self, command_id: str, neighbourhood_id: str, resident_id: str) -> dict[str, Any]:
        """-> {position}. not_a_member."""
        position = self.handlers.leave(
            uid(command_id, "command_id"),
            uid(neighbourhood_id, "neighbourhood_id"),
            uid(resident_id, "resident_id"),
        )
        return done(position)

    @rpc_door
    @door
    def remove_member(
        self,
        command_id: str,
        neighbourhood_id: str,
        moderator_id: str,
        resident_id: str,
        reason: str,
    ) -> dict[str, Any]:
        """-> {position}. not_a_moderator, not_a_member, cannot_remove_yourself,
        cannot_remove_founder, not_the_founder (a moderator is removed by the founder only),
        reason_required, note_too_long."""
        position = self.handlers.remove_member(
            uid(command_id, "command_id"),
            uid(neighbourhood_id, "neighbourhood_id"),
            uid(moderator_id, "moderator_id"),
            uid(resident_id, "resident_id"),
            text(reason, "reason", NOTE),
        )
        return done(position)

    @rpc_door
    @door
    def request_rejoin(
        self, command_id: str, neighbourhood_id: str, resident_id: str, message: str | None = None
    ) -> dict[str, Any]:
        """A removed resident asks to come back. -> {position}. not_removed, already_member."""
        position = self.handlers.request_rejoin(
            uid(command_id, "command_id"),
            uid(neighbourhood_id, "neighbourhood_id"),
            uid(resident_id, "resident_id"),
            maybe(message, "message", NOTE),
        )
        return done(position)

    @rpc_door
    @door
    def approve_rejoin(
        self,
        command_id: str,
        neighbourhood_id: str,
        moderator_id: str,
        resident_id: str,
        reason: str | None = None,
    ) -> dict[str, Any]:
        """The resident may then join again. -> {position}. not_a_moderator, no_rejoin_request."""
        position = self.handlers.approve_rejoin(
            uid(command_id, "command_id"),
            uid(neighbourhood_id, "neighbourhood_id"),
            uid(moderator_id, "moderator_id"),
            uid(resident_id, "resident_id"),
            maybe(reason, "reason", NOTE),
        )
        return done(position)

    # Roles

    @rpc_door
    @door
    def appoint_moderator(
        self, command_id: str, neighbourhood_id: str, founder_id: str, resident_id: str
    ) -> dict[str, Any]:
        """-> {position}. not_the_founder, not_a_member, already_moderator."""
        position = self.handlers.appoint_moderator(
            uid(command_id, "command_id"),
            uid(neighbourhood_id, "neighbourhood_id"),
            uid(founder_id, "founder_id"),
            uid(resident_id, "resident_id"),
        )
        return done(position)

    @rpc_door
    @door
    def dismiss_moderator(
        self,
        command_id: str,
        neighbourhood_id: str,
        founder_id: str,
        resident_id: str,
        reason: str | None = None,
    ) -> dict[str, Any]:
        """-> {position}. not_the_founder, cannot_dismiss_founder, not_a_moderator."""
        position = self.handlers.dismiss_moderator(
            uid(command_id, "command_id"),
            uid(neighbourhood_id, "neighbourhood_id"),
            uid(founder_id, "founder_id"),
            uid(resident_id, "resident_id"),
            maybe(reason, "reason", NOTE),
        )
        return done(position)

    @rpc_door
    @door
    def accept_moderator_role(
        self, command_id: str, neighbourhood_id: str, resident_id: str
    ) -> dict[str, Any]:
        """-> {position}. no_moderator_role_offered."""
        return done(
            self._role(
                self.handlers.accept_moderator_role, command_id, neighbourhood_id, resident_id
            )
        )

    @rpc_door
    @door
    def decline_moderator_role(
        self, command_id: str, neighbourhood_id: str, resident_id: str
    ) -> dict[str, Any]:
        """The role goes to the next longest-standing member. -> {position}.
        no_moderator_role_offered."""
        return done(
            self._role(
                self.handlers.decline_moderator_role, command_id, neighbourhood_id, resident_id
            )
        )

    def _role(self, handler: Any, command_id: str, neighbourhood_id: str, resident_id: str) -> Any:
        return handler(
            uid(command_id, "command_id"),
            uid(neighbourhood_id, "neighbourhood_id"),
            uid(resident_id, "resident_id"),
        )
