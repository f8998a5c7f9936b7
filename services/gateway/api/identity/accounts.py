"""The API's account routes: sign up, sessions, my profile, password, export and erasure.
Plain functions in identity's route table (api/identity/__init__.py); each calls identity and
shapes the answer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from contracts.identity import refusals
from services.gateway.access.sessions import new_token
from services.gateway.api.identity import schemas, views
from services.gateway.api.identity.calls import IDENTITY, command, positioned
from services.gateway.api.listings.bookings import calendar_url
from services.gateway.api.neighbourhoods.calls import memberships
from services.gateway.http.errors import unauthenticated
from services.gateway.http.routing import Call, Door, Reply, Route, route
from services.gateway.http.schemas import Positioned
from services.gateway.remote import Refusal
from services.runtime.read_models import CAUGHT_UP_SECONDS as CATCH_UP_SECONDS


@route(
    Route(
        "POST",
        "/residents",
        "Sign up",
        201,
        schemas.Registered,
        body=schemas.RegisterRequest,
        auth=False,
        limit="sign_up",
        refusals=(
            refusals.EMAIL_TAKEN,
            refusals.INVALID_EMAIL,
            refusals.PASSWORD_TOO_WEAK,
            refusals.INVALID_PROFILE,
            refusals.UNSUPPORTED_LANGUAGE,
        ),
    )
)
def register(door: Door, call: Call) -> Reply:
    """Create an account; sign in next with POST /sessions."""
    body = call.body
    extra = {"language": body["language"]} if body.get("language") else {}
    done = command(
        door,
        call,
        "register",
        email=body["email"],
        password=body["password"],
        display_name=body["display_name"],
        **extra,
    )
    return Reply(201, {"resident_id": done["resident_id"], "position": done["position"]})


@route(
    Route(
        "POST",
        "/sessions",
        "Sign in",
        201,
        schemas.SessionStarted,
        body=schemas.SignInRequest,
        auth=False,
        limit="sign_in",
        description=(
            "Also sets the cookies quartier_session (HttpOnly) and quartier_csrf, and"
            " quartier_device (HttpOnly, kept after sign-out): failed sign-ins from elsewhere"
            " never make a browser that signed in to the account before wait. Too many"
            " failures from one address, or at one account from one address, are 429 with"
            " Retry-After; failures at one account from many addresses make the next sign-in"
            " from an unknown browser wait (429 with Retry-After), doubling each time."
        ),
        refusals=(
            refusals.INVALID_CREDENTIALS,
            refusals.TOO_MANY_SIGN_IN_ATTEMPTS,
            refusals.ACCOUNT_ERASED,
        ),
    )
)
def sign_in(door: Door, call: Call) -> Reply:
    """Start a session: a bearer token, and the same session as cookies."""
    body = call.body
    device = call.device or new_token()
    done = door.remote.call(
        IDENTITY,
        "sign_in",
        email=body["email"],
        password=body["password"],
        source=call.client,
        device=device,
    )
    issued = door.access.sessions.issue(
        done["resident_id"], datetime.now(UTC), done.get("position")
    )
    session = issued.session
    return Reply(
        201,
        {
            "token": issued.token,
            "resident_id": session.resident_id,
            "csrf_token": issued.csrf_token,
            "expires_at": session.ends_at(door.access.sessions.idle).isoformat(),
            "position": done.get("position"),
        },
        cookies=[*door.access.session_cookies(issued), door.access.device_cookie(device)],
    )


@route(Route("DELETE", "/sessions/current", "Sign out", 204, None, capability="sessions"))
def sign_out(door: Door, call: Call) -> Reply:
    """End this session and clear its cookies."""
    assert call.session is not None
    door.access.sessions.revoke(call.session)
    return Reply(204, cookies=door.access.cleared_cookies())


@route(
    Route(
        "GET",
        "/me",
        "My profile, address status and roles",
        200,
        schemas.Me,
        refusals=(refusals.NOT_REGISTERED,),
    )
)
def me(door: Door, call: Call) -> Reply:
    """Who I am, how far my address is verified, my roles and neighbourhoods."""
    rid = call.resident_id
    resident = _resident(door, call)
    status = door.remote.call(IDENTITY, "verification_status", resident_id=rid, **_reading(call))
    shown = views.me(resident, status)
    shown.update(memberships(door.remote, rid, _reading(call)))
    shown.update(calendar_url(door.remote, rid))
    return Reply(200, shown)


@route(
    Route(
        "PATCH",
        "/me",
        "Change my profile",
        200,
        Positioned,
        body=schemas.ProfilePatch,
        fields=(("address_disclosure", "disclosure"),),
        refusals=(
            refusals.INVALID_PROFILE,
            refusals.UNSUPPORTED_LANGUAGE,
            refusals.NOT_REGISTERED,
        ),
    )
)
def change_profile(door: Door, call: Call) -> Reply:
    """Change what neighbours see of me, and my language; fields left out stay as they are."""
    current = _resident(door, call)
    change = views.profile_change(current, call.body)
    return positioned(200, door, call, "update_profile", resident_id=call.resident_id, **change)


@route(
    Route(
        "PUT",
        "/me/password",
        "Change my password",
        200,
        Positioned,
        body=schemas.PasswordChange,
        limit="sign_in",
        fields=(("password", "new"),),
        description="Every other session of the resident is revoked.",
        refusals=(
            refusals.CURRENT_PASSWORD_WRONG,
            refusals.PASSWORD_TOO_WEAK,
            refusals.TOO_MANY_SIGN_IN_ATTEMPTS,
        ),
    )
)
def change_password(door: Door, call: Call) -> Reply:
    """Set a new password; every other session ends."""
    assert call.session is not None
    # The revocation this change causes (access/revocations.py) spares the session it came from.
    door.access.sessions.spare(call.session, call.request_id)
    try:
        done = command(
            door,
            call,
            "change_password",
            resident_id=call.resident_id,
            current=call.body["current"],
            new=call.body["new"],
            source=call.client,
            device=call.device,
        )
    except Refusal:
        door.access.sessions.unspare(call.session, call.request_id)
        raise
    door.access.sessions.revoke_resident(call.resident_id, keep=call.session)
    return Reply(200, {"position": done["position"]})


@route(
    Route(
        "GET",
        "/me/export",
        "Everything held about me",
        200,
        schemas.Export,
        refusals=(refusals.NOT_REGISTERED,),
    )
)
def export(door: Door, call: Call) -> Reply:
    """All the data the platform holds about me, as JSON."""
    exported = door.remote.call(IDENTITY, "export", resident_id=call.resident_id)
    return Reply(
        200, exported, {"Content-Disposition": 'attachment; filename="quartier-export.json"'}
    )


@route(
    Route(
        "DELETE",
        "/me",
        "Erase my account",
        202,
        Positioned,
        body=schemas.ErasureRequest,
        limit="sign_in",
        fields=(("current", "password"),),
        description=(
            "The password is asked again: a wrong one erases nothing; failures count as"
            " failed sign-ins (429 with Retry-After)."
            " Every session of the resident is revoked; personal data is shredded."
        ),
        refusals=(
            refusals.CURRENT_PASSWORD_WRONG,
            refusals.TOO_MANY_SIGN_IN_ATTEMPTS,
        ),
    )
)
def erase(door: Door, call: Call) -> Reply:
    """Forget me, once I typed my password again: my personal data becomes unreadable
    everywhere, my sessions end."""
    done = command(
        door,
        call,
        "erase",
        resident_id=call.resident_id,
        password=call.body["password"],
        source=call.client,
        device=call.device,
    )
    door.access.sessions.revoke_resident(call.resident_id)
    return Reply(202, {"position": done["position"]}, cookies=door.access.cleared_cookies())


def _resident(door: Door, call: Call) -> dict[str, Any]:
    resident: dict[str, Any] = door.remote.call(
        IDENTITY, "get_resident", resident_id=call.resident_id, **_reading(call)
    )
    if resident.get("erased"):
        door.access.sessions.revoke_resident(call.resident_id)
        raise unauthenticated()
    return resident


def _reading(call: Call) -> dict[str, Any]:
    """A query's `after`: the client's, for which identity may wait its catch-up time
    before answering not_caught_up; else the position the sign-in saw (a resident always
    reads at least what existed then), which needs no more than the usual timeout."""
    if call.after is not None:
        return {"after": call.after, "patience": CATCH_UP_SECONDS}
    return {"after": call.session.position if call.session else None}
