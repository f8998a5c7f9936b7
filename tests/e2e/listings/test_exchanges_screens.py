"""The exchanges on a listing's page in headless Chromium, on a phone-sized screen, against the
whole platform: Cleo books a seat on Bob's weekly commute with a pickup point, pledges with the
keyboard the quantity that confirms Ada's group purchase, and answers Dan's first-come giveaway
first, which is then reserved for her. axe-core checks every screen shot; screenshots land in
test-artifacts/web/exchanges/.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.listings.test_api_exchanges import POINT, publish
from tests.e2e.listings.test_api_listings import post
from tests.support.answers import answered
from tests.support.browser import assert_nothing_personal, fresh_artifacts, shoot, signed_in
from tests.support.neighbours import gathered
from tests.support.platform import Platform

pytestmark = [pytest.mark.rabbitmq, pytest.mark.usefixtures("browser_present")]

ARTIFACTS = "exchanges"
Q = "\N{RIGHT SINGLE QUOTATION MARK}"


def listing_of(platform: Platform, who: Any, listing_id: str) -> dict[str, Any]:
    answer = platform.call("GET", f"/listings/{listing_id}", headers=who.auth)
    return answered(answer, 200, "read a listing")


def test_a_passenger_books_a_seat_pledges_and_takes_a_giveaway_on_a_phone(
    platform: Platform, tmp_path: Path
) -> None:
    fresh_artifacts(ARTIFACTS)
    ada, bob = platform.verified(2, "Ada"), platform.verified(8, "Bob")
    cleo, dan = platform.verified(12, "Cléo"), platform.verified(6, "Dan")
    nid = gathered(platform, ada, bob, cleo, dan)
    weekly = {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "time": "08:00"}
    bob.position = dan.position
    trip = publish(platform, bob, nid, "transport", seats=3, weekly=weekly, to=POINT,
                   **{"from": POINT})  # fmt: skip
    ada.position = bob.position
    deadline = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    buy = publish(platform, ada, nid, "group_purchase", product="Pommes", unit="kg",
                  unit_price=2.5, minimum_quantity=3, deadline=deadline)  # fmt: skip
    bob.position = ada.position
    post(platform, bob, f"/listings/{buy}/pledges", {"quantity": 1}, 201)
    dan.position = bob.position
    lamp = publish(platform, dan, nid, "giveaway", allocation="first_come")
    console: list[str] = []

    with signed_in(tmp_path, platform, cleo, console, width=375) as page:
        # A seat on the first departure, picked up at the school.
        page.goto(f"{platform.base_url}/listings/{trip}")
        expect(page.get_by_role("heading", level=2, name="Places")).to_be_visible()
        first = page.locator(".occurrence").first
        expect(first.get_by_text("Places restantes : 3")).to_be_visible()
        expect(first.get_by_text("08:00")).to_be_visible()  # Paris time, whatever the browser's
        shoot(page, ARTIFACTS, "trip-departures")
        booking = page.get_by_role("form", name="Réserver une place")
        expect(booking.get_by_label("Départ")).to_have_value(
            listing_of(platform, cleo, trip)["exchange"]["trip"]["occurrences"][0]["date"]
        )
        booking.get_by_label("Nombre de places").fill("2")
        booking.get_by_label("Point de prise en charge").fill("Devant l'école")
        booking.get_by_role("button", name="Réserver").click()
        expect(page.get_by_text("Votre place est réservée.")).to_be_visible()
        expect(first.get_by_text("Vous avez 2 place(s) sur ce départ.")).to_be_visible()
        expect(first.get_by_text("Places restantes : 1")).to_be_visible()
        shoot(page, ARTIFACTS, "seat-booked")

        # Two kilos with the keyboard alone: the minimum of three is reached.
        page.goto(f"{platform.base_url}/listings/{buy}")
        expect(page.get_by_text("1 engagé(s) sur 3 minimum").first).to_be_visible()
        expect(page.get_by_text("encore 2 jours")).to_be_visible()
        shoot(page, ARTIFACTS, "purchase-open")
        quantity = page.get_by_label("Quantité (kg)")
        quantity.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("2")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Votre engagement est enregistré.")).to_be_visible()
        expect(
            page.get_by_text(f"Confirmé : le minimum est atteint, l{Q}achat se fait.")
        ).to_be_visible()
        expect(page.get_by_role("progressbar")).to_have_attribute("value", "3")
        shoot(page, ARTIFACTS, "purchase-confirmed")

        # The first to answer Dan's lamp gets it.
        page.goto(f"{platform.base_url}/listings/{lamp}")
        expect(page.get_by_text("la première réponse l", exact=False)).to_be_visible()
        page.get_by_label("Votre message").fill("Je la prends volontiers !")
        page.get_by_role("button", name="Envoyer ma réponse").click()
        expect(page.get_by_text("Réservé pour vous", exact=False)).to_be_visible()
        shoot(page, ARTIFACTS, "giveaway-reserved")

    assert listing_of(platform, cleo, buy)["exchange"]["purchase"]["state"] == "confirmed"
    assert listing_of(platform, cleo, lamp)["exchange"]["reservation"]["recipient_id"] == (
        cleo.resident_id
    )
    assert_nothing_personal(console, ada.email, bob.email, cleo.email, dan.email)
