"""What the API shows, built from the services' answers (pure: no I/O)."""

from __future__ import annotations

from typing import Any

from contracts.identity.accounts import DEFAULT_LANGUAGE

PENDING_METHODS = {"pending_letter": "letter", "pending_document": "document"}


def me(resident: dict[str, Any], verification: dict[str, Any]) -> dict[str, Any]:
    """GET /me from identity's get_resident and verification_status."""
    status = verification.get("status", "unverified")
    return {
        "resident_id": resident["resident_id"],
        "display_name": resident.get("display_name"),
        "phone": resident.get("phone"),
        "disclosure": resident.get("address_disclosure") or "street",
        "language": resident.get("language") or DEFAULT_LANGUAGE,
        "email_confirmed": bool(resident.get("email_confirmed")),
        "roles": [
            {"role": r["role"], "neighbourhood_id": r.get("neighbourhood_id") or None}
            for r in resident.get("roles", [])
        ],
        "address": {
            "status": status,
            "method": verification.get("method") or PENDING_METHODS.get(status),
            "verified_at": verification.get("verified_at"),
            "letter_expires_at": verification.get("letter_expires_at"),
            "attempts_left": verification.get("letter_attempts_left"),
            "vouches": verification.get("vouches") or 0,
            "home": verification.get("home"),
        },
        # Filled once the neighbourhoods context answers which ones the resident belongs to.
        "neighbourhoods": [],
    }


def profile_change(current: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """identity.update_profile's arguments: the patch over the current profile (it sets all
    of them at once). `language` only when given: absent, identity keeps the resident's."""
    change = {
        "display_name": patch.get("display_name", current.get("display_name")),
        "phone": patch["phone"] if "phone" in patch else current.get("phone"),
        "address_disclosure": patch.get("disclosure", current.get("address_disclosure")),
    }
    if patch.get("language") is not None:
        change["language"] = patch["language"]
    return change
