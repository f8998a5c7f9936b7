"""The `identity` Nameko service: residents, credentials, home addresses and their proof.

Thin doors over IdentityHandlers (commands) and the read model (queries), reached over RPC by
the gateway and the ops command line. Every command takes the caller's `command_id` (a UUID:
retrying with the same one appends nothing twice) and answers a dict holding `position`; a
query given `after=<position>` answers once the read model has applied it (read-your-writes).
Ids are UUID strings, times ISO 8601 strings in UTC. A caller's worker context data
`correlation_id` (a UUID: the gateway's request id) becomes the correlation id of the events
its commands append (wiring.Handlers); without one, the command id is.

Refusals are raised as IdentityRpcError (see service/errors.py): `code` is stable, `message` holds
no personal data. Without importing this package, a caller sees nameko's
RemoteError(exc_type="IdentityError", value="<code>: <message>").
"""

from __future__ import annotations

import uuid
from typing import Any

from contracts.identity.events import DEFAULT_LANGUAGE
from contracts.refusals import NOT_ALLOWED
from identity.domain.state import PostalAddress
from identity.domain.verification import reviewer_facts
from identity.handlers import derived_id
from identity.service import orphans as service_orphans
from identity.service import proofs as service_proofs
from identity.service import queries as service_queries
from identity.service.errors import (
    IdentityRpcError,
    NotCaughtUp,
    checked_actor,
    done,
    door,
    maybe,
    rpc_door,
    text,
    uid,
)
from identity.service.wiring import Handlers

__all__ = ["IdentityRpcError", "IdentityService", "NotCaughtUp"]

DEVICE_LENGTH = 100  # the gateway's device tokens are 43 characters


# Imported as a module: `nameko run identity.service` would otherwise find a second service.
class IdentityService(
    service_queries.IdentityQueries, service_proofs.IdentityProofs, service_orphans.IdentityOrphans
):
    name = "identity"

    handlers = Handlers()

    # Account

    @rpc_door
    @door
    def register(
        self,
        command_id: str,
        email: str,
        password: str,
        display_name: str,
        language: str | None = DEFAULT_LANGUAGE,
    ) -> dict[str, Any]:
        """`language`: "fr" or "en" (None: "fr"). -> {resident_id, position}. email_taken,
        invalid_email, invalid_profile, unsupported_language, password_too_weak."""
        registered = self.handlers.register(
            uid(command_id, "command_id"),
            text(email, "email", 254),
            text(password, "password", 4096),
            text(display_name, "display_name", 100),
            DEFAULT_LANGUAGE if language is None else text(language, "language", 10),
        )
        return done(registered.position, resident_id=registered.resident_id)

    @rpc_door
    @door
    def sign_in(
        self, email: str, password: str, source: str, device: str | None = None
    ) -> dict[str, Any]:
        """`source`: the client's address, for throttling; `device`: the browser's own random
        token (a cookie of the gateway's), remembered for the account on success, so that
        failures elsewhere never make it wait. -> {session_id, resident_id, roles:
        [{role, neighbourhood_id}], verified, started_at, position}: a fresh random session id,
        kept nowhere here; the gateway stores (a hash of) it with its expiry.
        invalid_credentials, too_many_sign_in_attempts (details.retry_after_seconds)."""
        s = self.handlers.sign_in(
            text(email, "email", 254),
            text(password, "password", 4096),
            text(source, "source"),
            maybe(device, "device", DEVICE_LENGTH),
        )
        return {
            "session_id": s.session_id,
            "resident_id": str(s.resident_id),
            "roles": sorted(
                ({"role": r, "neighbourhood_id": n and str(n)} for r, n in s.roles),
                key=lambda r: (r["role"], r["neighbourhood_id"] or ""),
            ),
            "verified": s.verified,
            "started_at": s.started_at.isoformat(),
            "position": s.position,
        }

    @rpc_door
    @door
    def change_password(
        self,
        command_id: str,
        resident_id: str,
        current: str,
        new: str,
        source: str,
        device: str | None = None,
    ) -> dict[str, Any]:
        """`source` and `device` as for sign_in. -> {position}. current_password_wrong,
        password_too_weak, too_many_sign_in_attempts."""
        position = self.handlers.change_password(
            uid(command_id, "command_id"),
            uid(resident_id, "resident_id"),
            text(current, "current", 4096),
            text(new, "new", 4096),
            text(source, "source"),
            maybe(device, "device", DEVICE_LENGTH),
        )
        return done(position)

    @rpc_door
    @door
    def update_profile(
        self,
        command_id: str,
        resident_id: str,
        display_name: str,
        phone: str | None = None,
        address_disclosure: str = "street",
        language: str | None = None,
    ) -> dict[str, Any]:
        """Sets display name, phone and address disclosure; `language` ("fr" or "en") too
        unless None, which keeps the resident's. -> {position}. invalid_profile,
        unsupported_language."""
        position = self.handlers.change_profile(
            uid(command_id, "command_id"),
            uid(resident_id, "resident_id"),
            text(display_name, "display_name", 100),
            maybe(phone, "phone", 30),
            text(address_disclosure, "address_disclosure", 10),
            maybe(language, "language", 10),
        )
        return done(position)

    @rpc_door
    @door
    def grant_role(
        self,
        command_id: str,
        resident_id: str,
        role: str,
        neighbourhood_id: str | None = None,
        actor: str = "system:ops",
    ) -> dict[str, Any]:
        """Operators only: `actor` is 'resident:<operator id>' (checked against their stream)
        or 'system:<name>' (the ops command line, the neighbourhoods policy)."""
        return self._role(
            self.handlers.grant_role, command_id, resident_id, role, neighbourhood_id, actor
        )

    @rpc_door
    @door
    def revoke_role(
        self,
        command_id: str,
        resident_id: str,
        role: str,
        neighbourhood_id: str | None = None,
        actor: str = "system:ops",
    ) -> dict[str, Any]:
        return self._role(
            self.handlers.revoke_role, command_id, resident_id, role, neighbourhood_id, actor
        )

    @rpc_door
    @door
    def erase(
        self,
        command_id: str,
        resident_id: str,
        actor: str | None = None,
        password: str | None = None,
        source: str | None = None,
        device: str | None = None,
    ) -> dict[str, Any]:
        """Forget the resident (idempotent). `actor`: an operator; else the resident themselves,
        who must give their `password` again (checked and throttled as a sign-in, with
        `source` and `device` as there). current_password_wrong, too_many_sign_in_attempts."""
        rid, cid = uid(resident_id, "resident_id"), uid(command_id, "command_id")
        if actor is not None:
            return done(self.handlers.erase(cid, rid, self._operator(actor)))
        position = self.handlers.erase(
            cid,
            rid,
            f"resident:{rid}",
            text(password, "password", 4096),
            text(source, "source"),
            maybe(device, "device", DEVICE_LENGTH),
        )
        return done(position)

    @rpc_door
    @door
    def export(self, resident_id: str) -> dict[str, Any]:
        """Everything held about the resident (their own data: serve it to them only)."""
        exported: dict[str, Any] = self.handlers.export(uid(resident_id, "resident_id"))
        return exported

    # Home address and its proof

    @rpc_door
    @door
    def declare_address(
        self,
        command_id: str,
        resident_id: str,
        line: str,
        postcode: str,
        city: str,
        country: str = "FR",
        manual_review: bool = False,
    ) -> dict[str, Any]:
        """-> {address_id, position}. address_unknown (unless manual_review), ..."""
        cid = uid(command_id, "command_id")
        address = PostalAddress(
            text(line, "line", 200),
            text(postcode, "postcode", 20),
            text(city, "city", 100),
            text(country, "country", 2),
        )
        position = self.handlers.declare_address(
            cid, uid(resident_id, "resident_id"), address, bool(manual_review)
        )
        return done(position, address_id=derived_id(cid, "address"))

    @rpc_door
    @door
    def request_letter(self, command_id: str, resident_id: str) -> dict[str, Any]:
        """-> {letter_id, position}. too_many_letters, address_not_located, ..."""
        cid = uid(command_id, "command_id")
        position = self.handlers.request_letter(cid, uid(resident_id, "resident_id"))
        return done(position, letter_id=derived_id(cid, "letter"))

    @rpc_door
    @door
    def verify_letter_code(self, command_id: str, resident_id: str, code: str) -> dict[str, Any]:
        """wrong_code (details.attempts_left), code_expired, too_many_attempts, ..."""
        position = self.handlers.enter_letter_code(
            uid(command_id, "command_id"), uid(resident_id, "resident_id"), text(code, "code", 40)
        )
        return done(position)

    @rpc_door
    @door
    def vouch(self, command_id: str, voucher_id: str, vouchee_id: str) -> dict[str, Any]:
        position = self.handlers.vouch(
            uid(command_id, "command_id"),
            uid(voucher_id, "voucher_id"),
            uid(vouchee_id, "vouchee_id"),
        )
        return done(position)

    # Helpers

    def _role(
        self,
        change: Any,
        command_id: str,
        resident_id: str,
        role: str,
        neighbourhood_id: str | None,
        actor: str,
    ) -> dict[str, Any]:
        position = change(
            uid(command_id, "command_id"),
            uid(resident_id, "resident_id"),
            text(role, "role", 20),
            None if neighbourhood_id is None else uid(neighbourhood_id, "neighbourhood_id"),
            self._operator(actor),
        )
        return done(position)

    def _operator(self, actor: Any) -> str:
        who = checked_actor(actor)
        kind, _, rid = who.partition(":")
        if kind == "resident":
            state = self.handlers.resident(uuid.UUID(rid))
            if state.resident_id is None or not reviewer_facts(state).is_operator:
                raise IdentityRpcError(NOT_ALLOWED.code, "only an operator may do this")
        return who
