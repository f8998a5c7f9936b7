"""Booking a drill for a weekend in headless Chromium, on a phone-sized screen, against the whole
platform: Dan opens Bob's drill, chooses Saturday then Sunday on its availability calendar with
the keyboard and asks; Fay types an overlapping Sunday and Monday and is told the dates overlap;
Bob accepts in "my bookings", hands the drill over and gets it back. Dan's "my bookings" shows
it returned, and the calendar address on it answers a feed listing the booking. axe-core checks
every screen shot; screenshots land in test-artifacts/web/bookings/.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.listings.test_api_bookings import saturday_after
from tests.e2e.listings.test_api_listings import post
from tests.support.browser import assert_nothing_personal, fresh_artifacts, shoot, signed_in
from tests.support.neighbours import found, join
from tests.support.platform import Platform

pytestmark = [pytest.mark.rabbitmq, pytest.mark.usefixtures("browser_present")]

ARTIFACTS = "bookings"
DRILL = "Perceuse à percussion"


def show_month_of(page: Page, day: date) -> None:
    """Move the calendar on to the month holding `day`."""
    for _ in range(3):
        if page.locator(f'[data-day="{day.isoformat()}"]').count():
            return
        page.get_by_role("button", name="Mois suivant").click()
    expect(page.locator(f'[data-day="{day.isoformat()}"]')).to_be_visible()


def choose_with_keyboard(page: Page, day: date) -> None:
    button = page.locator(f'[data-day="{day.isoformat()}"]')
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f'[data-day="{day.isoformat()}"]')).to_have_attribute(
        "aria-pressed", "true"
    )


def test_a_drill_is_booked_handed_over_and_returned_on_a_phone(
    platform: Platform, tmp_path: Path
) -> None:
    fresh_artifacts(ARTIFACTS)
    bob, dan = platform.verified(4, "Bastien"), platform.verified(8, "Dan")
    fay = platform.verified(10, "Fay")
    nid = found(platform, bob)
    for member in (dan, fay):
        join(platform, member, nid)
    drill = post(platform, bob, f"/neighbourhoods/{nid}/listings", {
        "kind": "offer", "category": "loan", "title": DRILL,
        "description": "Avec ses mèches.", "details": {"item": "perceuse"},
    }, 201)  # fmt: skip
    page_of_drill = f"{platform.base_url}/listings/{drill['listing_id']}"
    saturday = saturday_after(7).date()
    sunday, monday = saturday + timedelta(days=1), saturday + timedelta(days=2)
    console: list[str] = []

    with signed_in(tmp_path, platform, dan, console, width=375) as page:
        page.goto(f"{page_of_drill}?after={bob.position}")
        expect(page.get_by_role("heading", level=2, name="Disponibilités")).to_be_visible()
        show_month_of(page, saturday)
        choose_with_keyboard(page, saturday)
        choose_with_keyboard(page, sunday)
        expect(page.get_by_label("Du", exact=True)).to_have_value(saturday.isoformat())
        expect(page.get_by_label("Au", exact=True)).to_have_value(sunday.isoformat())
        page.get_by_label("Message au propriétaire (facultatif)").fill("Pour une étagère")
        shoot(page, ARTIFACTS, "request-filled")
        page.get_by_role("button", name="Demander à emprunter").click()
        expect(page.get_by_text("Demande envoyée.").first).to_be_visible()
        show_month_of(page, saturday)
        expect(page.locator(f'[data-day="{saturday.isoformat()}"]')).to_be_disabled()
        shoot(page, ARTIFACTS, "requested")

    with signed_in(tmp_path, platform, fay, console, width=375) as page:
        page.goto(page_of_drill)
        page.get_by_label("Du", exact=True).fill(sunday.isoformat())
        page.get_by_label("Au", exact=True).fill(monday.isoformat())
        page.get_by_role("button", name="Demander à emprunter").click()
        expect(page.get_by_role("alert").filter(has_text="chevauchent")).to_be_visible()
        shoot(page, ARTIFACTS, "overlap-refused")

    with signed_in(tmp_path, platform, bob, console, width=375) as page:
        page.goto(f"{platform.base_url}/me/bookings")
        expect(page.get_by_text("Pour une étagère")).to_be_visible()
        shoot(page, ARTIFACTS, "owner-requests")
        for step in ("Accepter", "Objet remis", "Objet rendu"):
            page.get_by_role("button", name=f"{step} · {DRILL}").click()
            expect(page.get_by_role("button", name=f"{step} · {DRILL}")).to_have_count(0)
        expect(page.get_by_text("rendue").first).to_be_visible()

    with signed_in(tmp_path, platform, dan, console, width=375) as page:
        page.goto(f"{platform.base_url}/me/bookings")
        expect(page.get_by_text("rendue").first).to_be_visible()
        address = page.get_by_label("Mon agenda (iCalendar)").input_value()
        shoot(page, ARTIFACTS, "my-bookings")

    # The address is under QUARTIER_PUBLIC_URL; this platform's gateway listens elsewhere.
    feed = platform.call("GET", address.split("/api/v1", 1)[1])
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert DRILL in str(event["SUMMARY"]) and event.decoded("DTSTART") == saturday
    assert_nothing_personal(console, bob.email, dan.email, fay.email)
