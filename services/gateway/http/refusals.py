"""Services' refusal codes -> HTTP status, client code, message and (where the refusal is about
one field of the request) that field.

The services' messages are written for logs; a client gets the texts below, keyed by the same
stable codes, with the numbers a person may need (attempts left, seconds to wait). A code not
listed here is still a refusal of a well-formed request: 422 with the code passed on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.gateway.http.errors import ApiError, internal, not_found, validation_failed


@dataclass(frozen=True)
class Rule:
    status: int
    message: str
    field: str | None = None
    code: str | None = None  # the client's code, when it differs from the service's


RULES: dict[str, Rule] = {
    # accounts
    "email_taken": Rule(409, "An account already uses this e-mail address.", "email"),
    "invalid_email": Rule(422, "This is not a valid e-mail address.", "email"),
    "password_too_weak": Rule(422, "This password is too weak: make it longer.", "password"),
    "invalid_profile": Rule(422, "This profile is not valid.", "display_name"),
    "unsupported_language": Rule(422, "Choose French (fr) or English (en).", "language"),
    "invalid_credentials": Rule(401, "Wrong e-mail address or password."),
    "current_password_wrong": Rule(422, "The current password is wrong.", "current"),
    "too_many_sign_in_attempts": Rule(429, "Too many sign-in attempts.", code="rate_limited"),
    "account_erased": Rule(401, "This account was erased.", code="unauthenticated"),
    "not_registered": Rule(404, "No such resident.", code="not_found"),
    "unknown_resident": Rule(404, "No such resident.", code="not_found"),
    # home address
    "address_incomplete": Rule(422, "The address is incomplete."),
    "address_unknown": Rule(422, "This address is not in the address base."),
    "address_not_located": Rule(422, "This address could not be located."),
    "no_address_declared": Rule(409, "Declare your home address first."),
    "address_already_verified": Rule(
        409, "Your address is already verified.", code="already_verified"
    ),
    "too_many_letters": Rule(409, "Too many letters were sent for this address."),
    "too_many_letter_addresses": Rule(
        409, "Letters were recently sent to as many different addresses as allowed."
    ),
    "no_letter_posted": Rule(409, "No letter was sent for this address yet."),
    "code_for_another_letter": Rule(422, "This code belongs to another letter.", "code"),
    "code_expired": Rule(422, "This code has expired: ask for a new letter.", "code"),
    "too_many_attempts": Rule(409, "Too many wrong codes: ask for a new letter."),
    "wrong_code": Rule(422, "Wrong code.", "code"),
    # proof documents
    "unsupported_document_type": Rule(422, "Send a PDF, JPEG or PNG file.", "document"),
    "document_too_large": Rule(413, "The document is larger than 5 MiB.", code="payload_too_large"),
    "unknown_document": Rule(404, "No such document.", code="not_found"),
    # vouching
    "cannot_vouch_for_yourself": Rule(422, "You cannot vouch for yourself."),
    "voucher_not_verified": Rule(403, "Verify your own address before vouching."),
    "voucher_verified_by_vouches": Rule(
        403, "Only residents verified by letter or by document may vouch."
    ),
    "voucher_too_far": Rule(403, "You live too far away to vouch for this resident."),
    "vouch_limit_reached": Rule(409, "You have vouched for as many residents as allowed."),
    "already_vouched": Rule(409, "You have already vouched for this resident."),
    "vouch_for_another_address": Rule(409, "This resident has declared another address since."),
    # neighbourhoods (service_neighbourhoods_calls.py adds the numbers: distance, limit, area)
    "not_verified": Rule(403, "Verify your home address first."),
    "not_a_member": Rule(403, "Only members of this neighbourhood may do this."),
    "not_a_moderator": Rule(403, "Only the moderators of this neighbourhood may do this."),
    "not_the_founder": Rule(403, "Only the founder of this neighbourhood may do this."),
    "already_member": Rule(409, "You are already a member of this neighbourhood."),
    "home_outside_boundary": Rule(422, "Your verified home is outside this neighbourhood."),
    # 409: nothing is wrong with the request, but the resident's memberships forbid it now.
    "too_many_neighbourhoods": Rule(409, "You belong to as many neighbourhoods as allowed."),
    "invalid_boundary": Rule(422, "This boundary is not valid.", "boundary"),
    "boundary_too_small": Rule(422, "This boundary is too small.", "boundary"),
    "boundary_too_large": Rule(422, "This boundary is too large.", "boundary"),
    "too_many_boundary_attempts": Rule(
        429, "This neighbourhood's boundary was redrawn too often today."
    ),
    "not_an_operator": Rule(403, "Only an operator may do this.", code="forbidden"),
    "unknown_proposal": Rule(404, "No such boundary proposal.", code="not_found"),
    "proposal_already_decided": Rule(409, "This proposal was decided already."),
    "invalid_name": Rule(422, "A name has 1 to 80 characters.", "name"),
    "invalid_description": Rule(422, "A description has at most 2000 characters.", "description"),
    "reason_required": Rule(422, "Say why: the member will read it.", "reason"),
    "note_too_long": Rule(422, "This text is longer than 500 characters.", "reason"),
    "already_moderator": Rule(409, "This member is already a moderator."),
    "cannot_dismiss_founder": Rule(403, "The founder cannot be dismissed."),
    "cannot_remove_founder": Rule(403, "The founder cannot be removed."),
    "cannot_remove_yourself": Rule(422, "Leave the neighbourhood instead."),
    "rejoin_needs_approval": Rule(403, "You were removed: ask the moderators to let you rejoin."),
    "not_removed": Rule(409, "You were not removed from this neighbourhood: join it."),
    "no_rejoin_request": Rule(409, "This resident has not asked to rejoin."),
    "no_moderator_role_offered": Rule(409, "No moderator role is offered to you here."),
    "join_was_cancelled": Rule(409, "This join was cancelled: join again."),
    # the services' own
    "conflict": Rule(409, "Someone else changed this at the same time; try again."),
    "not_allowed": Rule(403, "You may not do this.", code="forbidden"),
}


def api_error(code: str, details: Mapping[str, Any], fields: Mapping[str, str]) -> ApiError:
    """The client's answer to a refusal `code`; `fields` renames the field a refusal is about
    where the route calls it otherwise (PUT /me/password: password -> new)."""
    if code == "not_found":
        return not_found("No such resident.")
    if code == "invalid_request":
        return validation_failed({"_request": ["The request is not valid."]})
    if code == "internal":
        return internal()
    rule = RULES.get(code, Rule(422, "This request was refused."))
    message = rule.message
    headers: dict[str, str] = {}
    attempts = details.get("attempts_left")
    if isinstance(attempts, int):
        message = f"{message} {attempts} attempt(s) left."
    wait = details.get("retry_after_seconds")
    if rule.status == 429:
        seconds = wait if isinstance(wait, int) and wait > 0 else 60
        headers["Retry-After"] = str(seconds)
        message = f"{message} Try again in {seconds} s."
    field = fields.get(rule.field or "", rule.field)
    return ApiError(
        rule.status,
        rule.code or code,
        message,
        {field: [message]} if field else None,
        headers,
        {"attempts_left": attempts} if isinstance(attempts, int) else None,
    )


__all__ = ["RULES", "Rule", "api_error"]
