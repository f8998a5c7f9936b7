"""What GET /me shows and what PATCH /me sends, from identity's answers."""

from __future__ import annotations

from typing import Any

from services.gateway.api.identity.views import me, profile_change

RESIDENT: dict[str, Any] = {
    "resident_id": "r",
    "display_name": "Ada",
    "phone": None,
    "address_disclosure": "street",
    "language": "en",
    "roles": [{"role": "moderator", "neighbourhood_id": "n"}],
    "erased": False,
}


def test_me_shows_profile_roles_and_address_status() -> None:
    shown = me(RESIDENT, {"status": "pending_letter", "letter_attempts_left": 5, "vouches": 1})
    assert shown["disclosure"] == "street"
    assert shown["language"] == "en"
    assert shown["roles"] == [{"role": "moderator", "neighbourhood_id": "n"}]
    assert shown["address"]["status"] == "pending_letter"
    assert shown["address"]["method"] == "letter"
    assert shown["address"]["attempts_left"] == 5
    assert shown["neighbourhoods"] == []


def test_a_patch_keeps_what_it_does_not_name() -> None:
    change = profile_change(RESIDENT, {"phone": "0600000000"})
    assert change == {"display_name": "Ada", "phone": "0600000000", "address_disclosure": "street"}


def test_a_patch_may_clear_the_phone_and_set_the_language() -> None:
    change = profile_change({**RESIDENT, "phone": "06"}, {"phone": None, "language": "fr"})
    assert change["phone"] is None
    assert change["language"] == "fr"
