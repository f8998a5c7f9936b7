"""The API's routes for the account's e-mails: confirming the address, resetting a forgotten
password. Plain functions in identity's route table (api/identity/__init__.py).

Asking for a reset answers the same, at once, whether an account uses the address or not: the
request is counted (per client, per address), handed to identity without waiting for it, and
answered 202 (docs/decisions/0030)."""

from __future__ import annotations

import time

from contracts.identity import refusals
from contracts.identity.events import email_key
from services.gateway.api.identity import schemas
from services.gateway.api.identity.calls import IDENTITY, command, positioned
from services.gateway.http.errors import rate_limited
from services.gateway.http.routing import Call, Door, Reply, Route, route
from services.gateway.http.schemas import Positioned

BY_ADDRESS = "password_reset_address"
TOKEN_REFUSALS = (
    refusals.ACCOUNT_TOKEN_UNKNOWN,
    refusals.ACCOUNT_TOKEN_EXPIRED,
    refusals.ACCOUNT_TOKEN_SUPERSEDED,
)
_EXPIRY = refusals.ACCOUNT_TOKEN_EXPIRED.limits


@route(
    Route(
        "POST",
        "/password-resets",
        "Forgot my password: send a reset link",
        202,
        schemas.ResetRequested,
        body=schemas.PasswordResetRequest,
        auth=False,
        limit="password_reset",
        description=(
            "If an account uses the address, a link valid"
            f" {_EXPIRY['password_reset_minutes']} minutes is e-mailed to it; a new request"
            " replaces the link. The answer is the same whether an account uses the address or"
            " not. Requests are limited per client and per address (429 with Retry-After)."
        ),
    )
)
def request_password_reset(door: Door, call: Call) -> Reply:
    """Ask for a link that sets a new password."""
    email = call.body["email"]
    verdict = door.access.limiter.hit(BY_ADDRESS, f"email:{email_key(email)}", time.time())
    if not verdict.allowed:
        raise rate_limited(verdict.retry_after)
    door.remote.send(IDENTITY, "request_password_reset", command_id=call.command_id(), email=email)
    return Reply(202, {"status": "requested"})


@route(
    Route(
        "POST",
        "/password-resets/<token>",
        "Set a new password with a reset link",
        200,
        Positioned,
        body=schemas.NewPassword,
        auth=False,
        limit="account_links",
        description=(
            "`token` is the one the e-mailed link carries; the link works once. The password"
            " follows the sign-up's rules. Every session of the resident is revoked: sign in"
            " again with the new password."
        ),
        refusals=(*TOKEN_REFUSALS, refusals.ACCOUNT_TOKEN_USED, refusals.PASSWORD_TOO_WEAK),
    )
)
def reset_password(door: Door, call: Call) -> Reply:
    """Set a new password; every session of the account ends."""
    done = command(
        door,
        call,
        "reset_password",
        token=call.path["token"],
        password=call.body["password"],
    )
    door.access.sessions.revoke_resident(done["resident_id"])
    return Reply(200, {"position": done["position"]})


@route(
    Route(
        "POST",
        "/me/email-confirmation",
        "Send the link that confirms my e-mail address again",
        202,
        Positioned,
        description=(
            "The new link replaces the one sent before. Until the address is confirmed, the"
            " resident gets no e-mail but this one and password resets."
        ),
        refusals=(refusals.EMAIL_ALREADY_CONFIRMED, refusals.TOO_MANY_CONFIRMATION_REQUESTS),
    )
)
def resend_confirmation(door: Door, call: Call) -> Reply:
    """E-mail me a new confirmation link."""
    return positioned(202, door, call, "request_email_confirmation", resident_id=call.resident_id)


@route(
    Route(
        "POST",
        "/email-confirmations/<token>",
        "Confirm an e-mail address with its link",
        200,
        Positioned,
        auth=False,
        limit="account_links",
        errors=(422,),  # a token longer than any link could carry
        description=(
            "`token` is the one the e-mailed link carries. Confirming again answers the same."
            f" A link is valid {_EXPIRY['email_confirmation_hours']} hours; only the latest one"
            " sent works."
        ),
        refusals=TOKEN_REFUSALS,
    )
)
def confirm_email(door: Door, call: Call) -> Reply:
    """Confirm that the address is the resident's; no sign-in needed."""
    return positioned(200, door, call, "confirm_email", token=call.path["token"])
