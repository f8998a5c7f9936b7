"""The identity service's command doors: the account, its roles, erasure and export (the home
address, its letter and vouching: service/addresses.py). Each checks its arguments, calls the
handlers and answers `done(...)`.
"""

from __future__ import annotations

import uuid
from typing import Any

from contracts.identity.events import DEFAULT_LANGUAGE
from contracts.refusals import NOT_ALLOWED
from identity.domain.verification import reviewer_facts
from identity.service.errors import (
    IdentityRpcError,
    checked_actor,
    done,
    door,
    maybe,
    rpc_door,
    text,
    uid,
)

DEVICE_LENGTH = 100  # the gateway's device tokens are 43 characters


# Account


@rpc_door
@door
def register(
    service: Any,
    command_id: str,
    email: str,
    password: str,
    display_name: str,
    language: str | None = DEFAULT_LANGUAGE,
) -> dict[str, Any]:
    """`language`: "fr" or "en" (None: "fr"). -> {resident_id, position}. email_taken,
    invalid_email, invalid_profile, unsupported_language, password_too_weak."""
    registered = service.handlers.register(
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
    service: Any, email: str, password: str, source: str, device: str | None = None
) -> dict[str, Any]:
    """`source`: the client's address, for throttling; `device`: the browser's own random
    token (a cookie of the gateway's), remembered for the account on success, so that
    failures elsewhere never make it wait. -> {session_id, resident_id, roles:
    [{role, neighbourhood_id}], verified, started_at, position}: a fresh random session id,
    kept nowhere here; the gateway stores (a hash of) it with its expiry.
    invalid_credentials, too_many_sign_in_attempts (details.retry_after_seconds)."""
    s = service.handlers.sign_in(
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
    service: Any,
    command_id: str,
    resident_id: str,
    current: str,
    new: str,
    source: str,
    device: str | None = None,
) -> dict[str, Any]:
    """`source` and `device` as for sign_in. -> {position}. current_password_wrong,
    password_too_weak, too_many_sign_in_attempts."""
    position = service.handlers.change_password(
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
    service: Any,
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
    position = service.handlers.change_profile(
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
    service: Any,
    command_id: str,
    resident_id: str,
    role: str,
    neighbourhood_id: str | None = None,
    actor: str = "system:ops",
) -> dict[str, Any]:
    """Operators only: `actor` is 'resident:<operator id>' (checked against their stream)
    or 'system:<name>' (the ops command line, the neighbourhoods policy)."""
    return _role(
        service, service.handlers.grant_role, command_id, resident_id, role, neighbourhood_id, actor
    )


@rpc_door
@door
def revoke_role(
    service: Any,
    command_id: str,
    resident_id: str,
    role: str,
    neighbourhood_id: str | None = None,
    actor: str = "system:ops",
) -> dict[str, Any]:
    return _role(
        service,
        service.handlers.revoke_role,
        command_id,
        resident_id,
        role,
        neighbourhood_id,
        actor,
    )


@rpc_door
@door
def erase(
    service: Any,
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
        return done(service.handlers.erase(cid, rid, _operator(service, actor)))
    position = service.handlers.erase(
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
def export(service: Any, resident_id: str) -> dict[str, Any]:
    """Everything held about the resident (their own data: serve it to them only)."""
    exported: dict[str, Any] = service.handlers.export(uid(resident_id, "resident_id"))
    return exported


# Helpers


def _role(
    service: Any,
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
        _operator(service, actor),
    )
    return done(position)


def _operator(service: Any, actor: Any) -> str:
    who = checked_actor(actor)
    kind, _, rid = who.partition(":")
    if kind == "resident":
        state = service.handlers.resident(uuid.UUID(rid))
        if state.resident_id is None or not reviewer_facts(state).is_operator:
            raise IdentityRpcError(NOT_ALLOWED.code, "only an operator may do this")
    return who


DOORS = (
    register,
    sign_in,
    change_password,
    update_profile,
    grant_role,
    revoke_role,
    erase,
    export,
)
