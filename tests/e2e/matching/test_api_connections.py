"""Connections through the gateway's HTTP API, against the real platform: Bob answers Ada's
listing and Ada goes ahead with him; the two are then connected, see what the other discloses,
write to each other (newest last, paged backwards) and thank each other, the thanks shown to a
neighbour. Cleo blocks Dan in the middle of their conversation: it ends, Dan can no longer
write and neither reads the other. Bob erases his account: his messages read as erased.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.answers import answered, assert_error
from tests.support.neighbours import gathered
from tests.support.platform import PASSWORD, Platform, Resident
from tests.support.waiting import eventually

pytestmark = pytest.mark.rabbitmq


def post(platform: Platform, who: Resident, path: str, body: dict[str, Any], status: int) -> Any:
    answer = platform.call(
        "POST", path, headers=who.auth, params={"after": who.position}, json=body
    )
    shown = answered(answer, status, f"POST {path}")
    who.position = shown.get("position") or who.position
    return shown


def get(platform: Platform, who: Resident, path: str, **params: Any) -> Any:
    answer = platform.call("GET", path, headers=who.auth, params={"after": who.position, **params})
    return answered(answer, 200, f"GET {path}")


def connected(platform: Platform, author: Resident, responder: Resident, nid: str) -> str:
    """`responder` answers a listing of `author`, who goes ahead with them; once the connection
    is made, its id."""
    listing = post(platform, author, f"/neighbourhoods/{nid}/listings", {
        "kind": "offer", "category": "loan", "title": "Perceuse à prêter", "description": "",
        "details": {"item": "perceuse"},
    }, 201)  # fmt: skip
    responder.position = author.position
    response = post(platform, responder, f"/listings/{listing['listing_id']}/responses",
                    {"message": "Je suis intéressé"}, 201)  # fmt: skip
    author.position = responder.position
    path = f"/listings/{listing['listing_id']}/responses/{response['response_id']}/accept"
    connection_id = str(post(platform, author, path, {}, 201)["connection_id"])

    def made() -> bool:
        return platform.call("GET", f"/connections/{connection_id}", headers=author.auth).ok

    eventually(made, what="the connection made")
    return connection_id


def test_chosen_responder_talks_thanks_and_a_block_hides_the_conversation(
    platform: Platform,
) -> None:
    ada, bob = platform.verified(2, "Ada"), platform.verified(8, "Bob")
    cleo, dan = platform.verified(10, "Cleo"), platform.verified(12, "Dan")
    nid = gathered(platform, ada, bob, cleo, dan)
    changed = platform.call("PATCH", "/me", headers=bob.auth, json={
        "phone": "06 12 34 56 78", "disclosure": "full"})  # fmt: skip
    assert changed.ok, changed.text
    bob.position = changed.json().get("position") or bob.position

    cid = connected(platform, ada, bob, nid)
    bob.position = ada.position
    [listed] = get(platform, ada, "/connections")["items"]
    assert listed["connection_id"] == cid and listed["status"] == "open"
    assert listed["other"]["display_name"] == "Bob" and listed["other"]["phone"] == "06 12 34 56 78"
    assert listed["other"]["address"]["line"].endswith("rue de la Paix")
    seen_by_bob = get(platform, bob, f"/connections/{cid}")["other"]
    assert seen_by_bob["email"] is None and "line" not in (seen_by_bob["address"] or {})
    assert_error(platform.call("GET", f"/connections/{cid}", headers=cleo.auth), 404, "not_found")

    # Messages: newest last; a page of one shows the latest, its cursor the one before.
    post(platform, bob, f"/connections/{cid}/messages", {"text": "Bonjour Ada !"}, 201)
    ada.position = bob.position
    post(platform, ada, f"/connections/{cid}/messages", {"text": "Passez demain."}, 201)
    bob.position = ada.position
    page = get(platform, bob, f"/connections/{cid}/messages")
    assert [m["text"] for m in page["items"]] == ["Bonjour Ada !", "Passez demain."]
    assert [m["mine"] for m in page["items"]] == [True, False]
    latest = get(platform, bob, f"/connections/{cid}/messages", limit=1)
    assert [m["text"] for m in latest["items"]] == ["Passez demain."]
    older = get(
        platform, bob, f"/connections/{cid}/messages", limit=1, cursor=latest["next_cursor"]
    )
    assert [m["text"] for m in older["items"]] == ["Bonjour Ada !"] and older["next_cursor"] is None
    too_long = platform.call("POST", f"/connections/{cid}/messages", headers=ada.auth,
                             json={"text": "x" * 2001})  # fmt: skip
    assert_error(too_long, 422, "validation_failed")

    # Thanks, once each, shown to a neighbour on Bob's profile.
    post(platform, ada, f"/connections/{cid}/thanks", {"text": "Merci Bob !"}, 201)
    again = platform.call("POST", f"/connections/{cid}/thanks", headers=ada.auth,
                          json={"text": "Encore merci"})  # fmt: skip
    assert_error(again, 409, "already_thanked")
    cleo.position = ada.position
    profile = get(platform, cleo, f"/residents/{bob.resident_id}/thanks")
    assert profile["resident"]["display_name"] == "Bob"
    [thanks] = profile["items"]
    assert thanks["text"] == "Merci Bob !" and thanks["author"]["display_name"] == "Ada"

    # Cleo blocks Dan mid-conversation: it ends, Dan cannot write, neither reads the other.
    other = connected(platform, cleo, dan, nid)
    dan.position = cleo.position
    post(platform, dan, f"/connections/{other}/messages", {"text": "Salut Cleo"}, 201)
    cleo.position = dan.position
    post(platform, cleo, f"/connections/{other}/messages", {"text": "Salut Dan"}, 201)
    post(platform, cleo, f"/residents/{dan.resident_id}/block", {}, 201)
    assert [b["resident_id"] for b in get(platform, cleo, "/me/blocks")["items"]] == [
        dan.resident_id
    ]

    def ended() -> bool:
        return get(platform, dan, f"/connections/{other}")["status"] == "ended"

    eventually(ended, what="the block ended the connection")
    assert get(platform, dan, f"/connections/{other}")["blocked"] is True
    refused = platform.call("POST", f"/connections/{other}/messages", headers=dan.auth,
                            json={"text": "Pourquoi ?"})  # fmt: skip
    assert_error(refused, 409, "blocked")
    dan.position = cleo.position
    assert [m["text"] for m in get(platform, dan, f"/connections/{other}/messages")["items"]] == [
        "Salut Cleo"
    ]
    assert [m["text"] for m in get(platform, cleo, f"/connections/{other}/messages")["items"]] == [
        "Salut Dan"
    ]
    unblocked = platform.call("DELETE", f"/residents/{dan.resident_id}/block", headers=cleo.auth)
    assert unblocked.ok, unblocked.text
    # Lifted, the block no longer stands: the ending is told as it is.
    cleo.position = unblocked.json()["position"]
    assert get(platform, cleo, "/me/blocks")["items"] == []
    dan.position = cleo.position
    lifted = get(platform, dan, f"/connections/{other}")
    assert (lifted["blocked"], lifted["ended_by_block"]) == (False, True)
    thanked = platform.call("POST", f"/connections/{other}/thanks", headers=dan.auth,
                            json={"text": "Merci quand même"})  # fmt: skip
    assert_error(thanked, 409, "ended_by_block")

    # Bob is erased: his messages and his side of the connection read as erased.
    erased = platform.call("DELETE", "/me", headers=bob.auth, json={"password": PASSWORD})
    assert erased.status_code == 202, erased.text
    ada.position = erased.json()["position"]
    items = get(platform, ada, f"/connections/{cid}/messages")["items"]
    assert [(m["text"], m["erased"]) for m in items] == [
        (None, True),
        ("Passez demain.", False),
    ]
    assert get(platform, ada, f"/connections/{cid}")["other"]["erased"] is True
