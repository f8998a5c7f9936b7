"""The identity service's command doors: the account, its roles, erasure and export (the home
address, its letter and vouching: service/addresses.py). A door that runs one command is declared
by its command type (its dataclass is the parameter list: services/runtime/command_door.py);
those that take a clear password (hashed or checked by the handlers, never put in a command)
stay functions.
"""

from __future__ import annotations

from typing import Any

from contracts.identity.events import DEFAULT_LANGUAGE
from contracts.identity.refusals import INVALID_PROFILE
from identity.commands import ChangeProfile, GrantRole, RevokeRole
from identity.service.errors import DOOR, checked_actor, done
from services.runtime.command_door import command_door

DEVICE_LENGTH = 100  # the gateway's device tokens are 43 characters
# The longest texts accepted, as the refusals declare them (the web client reads them too).
DISPLAY_NAME = int(INVALID_PROFILE.limits["max_display_name"])
PHONE = int(INVALID_PROFILE.limits["max_phone"])


# Account


@DOOR.rpc
@DOOR.wrap
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
        DOOR.uid(command_id, "command_id"),
        DOOR.text(email, "email", 254),
        DOOR.text(password, "password", 4096),
        DOOR.text(display_name, "display_name", DISPLAY_NAME),
        DEFAULT_LANGUAGE if language is None else DOOR.text(language, "language", 10),
    )
    return done(registered.position, resident_id=registered.resident_id)


@DOOR.rpc
@DOOR.wrap
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
        DOOR.text(email, "email", 254),
        DOOR.text(password, "password", 4096),
        DOOR.text(source, "source"),
        DOOR.maybe(device, "device", DEVICE_LENGTH),
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


@DOOR.rpc
@DOOR.wrap
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
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(resident_id, "resident_id"),
        DOOR.text(current, "current", 4096),
        DOOR.text(new, "new", 4096),
        DOOR.text(source, "source"),
        DOOR.maybe(device, "device", DEVICE_LENGTH),
    )
    return done(position)


update_profile = command_door(
    DOOR,
    ChangeProfile,
    "update_profile",
    actor="resident_id",
    longest={
        "display_name": DISPLAY_NAME,
        "phone": PHONE,
        "address_disclosure": 10,
        "language": 10,
    },
    doc='Sets display name, phone and address disclosure; `language` ("fr" or "en") too '
    "unless None, which keeps the resident's. -> {position}. invalid_profile, "
    "unsupported_language.",
)


def _by_operator(service: Any, values: dict[str, Any]) -> bool:
    # The actor's shape is checked here, before their stream is read.
    return bool(service.handlers.is_operator(checked_actor(values["actor"])))


ROLE_DOC = (
    "Operators only: `actor` is 'resident:<operator id>' (checked against their stream) or "
    "'system:<name>' (the ops command line). -> {position}. not_allowed, unknown_role, "
    "role_needs_neighbourhood, role_is_platform_wide."
)


def _role_door(command: type[GrantRole | RevokeRole], name: str) -> Any:
    return command_door(
        DOOR,
        command,
        name,
        actor="actor",
        longest={"role": 20, "actor": 80},
        supplied={"by_operator": _by_operator},
        doc=ROLE_DOC,
    )


grant_role = _role_door(GrantRole, "grant_role")
revoke_role = _role_door(RevokeRole, "revoke_role")


@DOOR.rpc
@DOOR.wrap
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
    rid, cid = DOOR.uid(resident_id, "resident_id"), DOOR.uid(command_id, "command_id")
    if actor is not None:
        return done(service.handlers.erase(cid, rid, checked_actor(actor)))
    position = service.handlers.erase(
        cid,
        rid,
        f"resident:{rid}",
        DOOR.text(password, "password", 4096),
        DOOR.text(source, "source"),
        DOOR.maybe(device, "device", DEVICE_LENGTH),
    )
    return done(position)


@DOOR.rpc
@DOOR.wrap
def export(service: Any, resident_id: str) -> dict[str, Any]:
    """Everything held about the resident (their own data: serve it to them only)."""
    exported: dict[str, Any] = service.handlers.export(DOOR.uid(resident_id, "resident_id"))
    return exported


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
