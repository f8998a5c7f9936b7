"""Removing myself from a neighbourhood is leaving it (docs/decisions/0013)."""

from __future__ import annotations

import pytest

from tests.support.answers import answered, assert_error
from tests.support.neighbours import found, get, join
from tests.support.platform import Platform

pytestmark = pytest.mark.rabbitmq


def test_removing_myself_by_my_own_id_is_leaving_not_a_moderation(platform: Platform) -> None:
    ada, bob = platform.verified(2, "Ada"), platform.verified(12, "Bob")
    nid = found(platform, ada)
    join(platform, bob, nid)

    removed = platform.call(
        "DELETE",
        f"/neighbourhoods/{nid}/members/{bob.resident_id}",
        headers=bob.auth,
        json={"reason": "I am moving out"},
    )
    position = str(answered(removed, 200, "remove myself")["position"])
    assert get(platform, bob, "/me", position)["neighbourhoods"] == []
    log = get(platform, ada, f"/neighbourhoods/{nid}/moderation-log", position)
    assert "I am moving out" not in str(log)

    again = platform.call("DELETE", f"/neighbourhoods/{nid}/members/me", headers=bob.auth)
    assert_error(again, 403, "not_a_member")
    bob.position = position
    join(platform, bob, nid)  # a resident who left needs no one's approval to come back
