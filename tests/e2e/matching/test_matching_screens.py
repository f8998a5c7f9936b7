"""The "Suggested for you" screen in headless Chromium, against the whole platform.

Ada (2 rue de la Paix) offers help with gardening on Saturdays, Bob (8 rue de la Paix) asks for
it. Bob, on a phone-sized screen in French, sees the suggestion with its reasons in words and
accepts it with the keyboard; Ada, who reads English, sees that Bob accepted and accepts too:
they are in touch. axe-core checks every screen shot; screenshots land in
test-artifacts/web/matching/.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.listings.test_api_listings import post
from tests.e2e.neighbourhoods.test_api_neighbourhoods import answered, found, join
from tests.support.browser import (
    assert_nothing_personal,
    chromium,
    fresh_artifacts,
    shoot,
    sign_in,
    watched,
)
from tests.support.platform import Platform, Resident
from tests.support.waiting import eventually

pytestmark = [pytest.mark.rabbitmq, pytest.mark.usefixtures("browser_present")]

ARTIFACTS = "matching"
OFFER, REQUEST = "Aide au jardinage le samedi", "Un coup de main au jardin, samedi"


@contextmanager
def browsing(
    tmp_path: Path, platform: Platform, who: Resident, console: list[str], width: int
) -> Iterator[Page]:
    with chromium(Path(tempfile.mkdtemp(dir=tmp_path)), width=width, height=800) as context:
        page = watched(context.new_page(), console)
        sign_in(page, platform.base_url, who.email, who.password)
        yield page


def suggested(platform: Platform, who: Resident) -> list[object]:
    answer = platform.call("GET", "/matches", headers=who.auth)
    items: list[object] = answered(answer, 200, "GET /matches")["items"]
    return items


def test_both_neighbours_see_why_they_are_matched_and_accept(
    platform: Platform, tmp_path: Path
) -> None:
    fresh_artifacts(ARTIFACTS)
    ada, bob = platform.verified(2, "Ada"), platform.verified(8, "Bob")
    nid = found(platform, ada)
    bob.position = ada.position
    join(platform, bob, nid)
    listings = f"/neighbourhoods/{nid}/listings"
    body = {"kind": "offer", "category": "service", "title": OFFER, "description": "",
            "details": {"tags": ["gardening"], "paid": False}}  # fmt: skip
    post(platform, ada, listings, body, 201)
    asked = {**body, "kind": "request", "title": REQUEST, "details": {"tags": [], "paid": False}}
    post(platform, bob, listings, asked, 201)
    eventually(lambda: suggested(platform, bob), what="Bob's suggestion")
    console: list[str] = []

    with browsing(tmp_path, platform, bob, console, width=375) as page:
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

    with browsing(tmp_path, platform, ada, console, width=1280) as page:
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

    assert_nothing_personal(console, ada.email, bob.email)
