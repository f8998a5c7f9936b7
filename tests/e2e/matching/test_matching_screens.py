"""The "Suggested for you" screen in headless Chromium, against the whole platform.

Ada (2 rue de la Paix) offers help with gardening on Saturdays, Bob (8 rue de la Paix) asks for
it. Bob, on a phone-sized screen in French, sees the suggestion with its reasons in words and
accepts it with the keyboard; Ada, who reads English, sees that Bob accepted and accepts too:
they are in touch, in one connection reached from the match, where Ada writes to Bob and thanks
him; Bob reads her message and thanks her back. axe-core checks every screen shot; screenshots
land in test-artifacts/web/matching/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.listings.test_api_listings import post
from tests.support.answers import answered
from tests.support.browser import assert_nothing_personal, fresh_artifacts, shoot, signed_in
from tests.support.neighbours import gathered
from tests.support.platform import Platform, Resident
from tests.support.waiting import eventually

pytestmark = [pytest.mark.rabbitmq, pytest.mark.usefixtures("browser_present")]

ARTIFACTS = "matching"
OFFER, REQUEST = "Aide au jardinage le samedi", "Un coup de main au jardin, samedi"


def suggested(platform: Platform, who: Resident) -> list[object]:
    answer = platform.call("GET", "/matches", headers=who.auth)
    items: list[object] = answered(answer, 200, "GET /matches")["items"]
    return items


def test_both_neighbours_see_why_they_are_matched_and_accept(
    platform: Platform, tmp_path: Path
) -> None:
    fresh_artifacts(ARTIFACTS)
    ada, bob = platform.verified(2, "Ada"), platform.verified(8, "Bob")
    nid = gathered(platform, ada, bob)
    listings = f"/neighbourhoods/{nid}/listings"
    body = {"kind": "offer", "category": "service", "title": OFFER, "description": "",
            "details": {"tags": ["gardening"], "paid": False}}  # fmt: skip
    post(platform, ada, listings, body, 201)
    asked = {**body, "kind": "request", "title": REQUEST, "details": {"tags": [], "paid": False}}
    post(platform, bob, listings, asked, 201)
    eventually(lambda: suggested(platform, bob), what="Bob's suggestion")
    console: list[str] = []

    with signed_in(tmp_path, platform, bob, console, width=375) as page:
        page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Suggestions"
        ).click()
        expect(page.get_by_role("heading", level=1, name="Suggéré pour vous")).to_be_visible()
        match = page.get_by_role("article").filter(has_text=OFFER)
        expect(match).to_contain_text("Ada propose")
        expect(match).to_contain_text("même rue")
        expect(match).to_contain_text("tous deux autour de : Jardinage")
        expect(match).to_contain_text("libres tous deux le samedi")
        shoot(page, ARTIFACTS, "suggested-phone")
        accept = page.get_by_role("button", name=f"Accepter la suggestion « {OFFER} »")
        accept.focus()
        page.keyboard.press("Enter")
        expect(match.get_by_role("status")).to_have_text(
            "Vous avez accepté : votre voisin doit répondre."
        )
        shoot(page, ARTIFACTS, "accepted-phone")

    with signed_in(tmp_path, platform, ada, console, width=1280) as page:
        page.get_by_role("button", name="English").click()
        page.goto(f"{platform.base_url}/matches")
        expect(page.get_by_role("heading", level=1, name="Suggested for you")).to_be_visible()
        match = page.get_by_role("article").filter(has_text=REQUEST)
        expect(match).to_contain_text("Bob asks")
        expect(match).to_contain_text("same street")
        expect(match.get_by_role("status")).to_have_text("Your neighbour accepted: your turn.")
        match.get_by_role("button", name=f"Accept the match with “{REQUEST}”").click()
        expect(match.get_by_role("status")).to_have_text("You are in touch.")
        shoot(page, ARTIFACTS, "connected")

        # The match leads to the one connection it made: Ada writes and thanks there.
        cid = eventually(lambda: connection_of(platform, ada), what="the match's connection")
        match.get_by_role("link", name="Write to Bob").click()
        expect(page).to_have_url(f"{platform.base_url}/connections/{cid}")
        expect(page.get_by_role("heading", level=1, name="With Bob")).to_be_visible()
        expect(page.get_by_text("Through a suggestion")).to_be_visible()
        page.get_by_label("Message", exact=True).fill("Saturday at 10, shall I bring the shears?")
        page.get_by_role("button", name="Send", exact=True).click()
        conversation = page.get_by_role("list", name="Conversation")
        expect(
            conversation.get_by_text("Saturday at 10, shall I bring the shears?")
        ).to_be_visible()
        page.get_by_label("A thank-you").fill("Thank you for the tomatoes!")
        page.get_by_role("button", name="Send my thanks").click()
        expect(page.get_by_role("status").first).to_have_text("Thanks sent.")
        shoot(page, ARTIFACTS, "connection-from-match")

    # Bob is in the same connection, and only that one: he reads her message and thanks her.
    [only] = answered(platform.call("GET", "/connections", headers=bob.auth), 200, "GET")["items"]
    assert only["connection_id"] == cid and only["source"] == "match"
    said = answered(
        platform.call("GET", f"/connections/{cid}/messages", headers=bob.auth), 200, "messages"
    )
    assert [m["text"] for m in said["items"]] == ["Saturday at 10, shall I bring the shears?"]
    post(platform, bob, f"/connections/{cid}/thanks", {"text": "Merci pour le coup de main !"}, 201)
    received = platform.call("GET", f"/residents/{ada.resident_id}/thanks", headers=bob.auth,
                             params={"after": bob.position})  # fmt: skip
    [thanks] = answered(received, 200, "Ada's thanks")["items"]
    assert thanks["text"] == "Merci pour le coup de main !"
    assert_nothing_personal(console, ada.email, bob.email)


def connection_of(platform: Platform, who: Resident) -> str | None:
    """The connection `who` is in, once made (None before)."""
    answer = platform.call("GET", "/connections", headers=who.auth)
    items = answered(answer, 200, "GET /connections")["items"]
    return str(items[0]["connection_id"]) if items else None
