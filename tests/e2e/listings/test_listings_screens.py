"""The listings screens in headless Chromium, against the whole platform (relay, identity,
neighbourhoods, listings, gateway).

Five verified residents of rue de la Paix (identity/data/ban-demo.csv) share one neighbourhood
that Ada founded (she moderates it). Bob posts an offer with a photo taken by a phone (its GPS
position in the EXIF), Cy a request, each through the post form; Dee searches the board for a
plural without its accents ("etageres"), finds both, opens Bob's offer, sees its photo (served
without any GPS block) and responds; Bob reads the response on his listing and goes ahead with
Dee, on a phone-sized screen. Then Bob, Dee and Eve report Cy's request: it is hidden, and Ada
restores it from the reports queue with a reason. axe-core checks every screen shot; screenshots
land in test-artifacts/web/listings/.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.support.answers import answered
from tests.support.browser import assert_nothing_personal, fresh_artifacts, shoot, signed_in
from tests.support.neighbours import found, join
from tests.support.platform import Platform, Resident
from tests.support.waiting import eventually

# browser_present (tests/e2e/conftest.py) first: without a browser the platform is not started.
pytestmark = [
    pytest.mark.rabbitmq,
    pytest.mark.usefixtures("browser_present"),
]

ARTIFACTS = "listings"
Q = "\N{RIGHT SINGLE QUOTATION MARK}"  # the typographic apostrophe of the French texts
GPS_IFD = 0x8825
OFFER = "Perceuse à prêter pour fixer une étagère"
REQUEST = "Cherche une étagère pour le garage"


def phone_photo(path: Path) -> Path:
    """A JPEG as a phone writes it: with the place it was taken in its EXIF."""
    image = Image.new("RGB", (640, 480), (180, 120, 60))
    exif = image.getexif()
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (46.0, 39.0, 43.0), 3: "E", 4: (4.0, 51.0, 44.0)})
    image.save(path, "JPEG", exif=exif)
    return path


def expect_loaded(image: Locator) -> None:
    """The image is shown, and its file came (a broken image is visible too)."""
    expect(image).to_be_visible()
    expect(image).to_have_js_property("complete", True)
    expect(image).not_to_have_js_property("naturalWidth", 0)


def open_board(page: Page, hood_name: str) -> None:
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Annonces"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Annonces")).to_be_visible()
    page.get_by_role("link", name="Les annonces du quartier").click()
    expect(page.get_by_role("heading", level=1, name=f"Annonces de {hood_name}")).to_be_visible()


def post(page: Page, *, category: str, kind: str, title: str, details: dict[str, str]) -> str:
    """Fill the post form (from the board) and publish; the new listing's id."""
    page.get_by_role("link", name="Publier une annonce").first.click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile("^Publier une annonce"))
    ).to_be_visible()
    page.get_by_label(category, exact=True).check()
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Titre").fill(title)
    for label, value in details.items():
        page.get_by_label(label, exact=True).fill(value)
    return title


def published(page: Page, title: str) -> str:
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.get_by_role("status").first).to_have_text("Votre annonce est publiée.")
    return page.url.rsplit("/", 1)[1]


def listing_of(
    platform: Platform, who: Resident, listing_id: str, after: str = ""
) -> dict[str, Any]:
    answer = platform.call(
        "GET", f"/listings/{listing_id}", headers=who.auth, params={"after": after} if after else {}
    )
    return answered(answer, 200, "read a listing")


def test_neighbours_post_find_respond_and_a_moderator_restores(
    platform: Platform, tmp_path: Path
) -> None:
    fresh_artifacts(ARTIFACTS)
    ada = platform.verified(2, "Ada")
    bob = platform.verified(4, "Bastien")
    cy = platform.verified(8, "Chloé")
    dee = platform.verified(10, "Denis")
    eve = platform.verified(12, "Eve")
    hood_id = found(platform, ada)
    for member in (bob, cy, dee, eve):
        join(platform, member, hood_id)
    hood_name = answered(
        platform.call("GET", f"/neighbourhoods/{hood_id}", headers=ada.auth), 200, "hood"
    )["name"]
    photo = phone_photo(tmp_path / "perceuse.jpg")
    console: list[str] = []

    with signed_in(tmp_path, platform, bob, console) as page:
        # Bob posts an offer with a photo from his phone.
        open_board(page, hood_name)
        post(
            page,
            category="Prêt",
            kind="Offre",
            title=OFFER,
            details={"Objet": "Perceuse à percussion"},
        )
        page.get_by_label("Description").fill("Avec ses mèches, pour vos étagères.")
        page.get_by_label("Choisir des photos").set_input_files(str(photo))
        expect(page.get_by_text("Prête", exact=True)).to_be_visible()
        shoot(page, ARTIFACTS, "offer-form")
        offer_id = published(page, OFFER)
        expect_loaded(page.get_by_role("img", name="Photo 1, en grand"))
        shoot(page, ARTIFACTS, "offer-published")

    with signed_in(tmp_path, platform, cy, console) as page:
        # Cy asks for a shelf.
        open_board(page, hood_name)
        post(page, category="Prêt", kind="Demande", title=REQUEST, details={"Objet": "Étagère"})
        request_id = published(page, REQUEST)

    with signed_in(tmp_path, platform, dee, console) as page:
        # Dee searches a plural without accents and finds both.
        open_board(page, hood_name)
        page.get_by_label("Mots recherchés").fill("etageres")
        page.get_by_role("button", name="Rechercher").click()
        expect(page).to_have_url(re.compile(r"\?q=etageres$"))
        results = page.get_by_role("list", name="Annonces")
        expect(results.get_by_role("link", name=OFFER)).to_be_visible()
        expect(results.get_by_role("link", name=REQUEST)).to_be_visible()
        shoot(page, ARTIFACTS, "search-found-both")
        results.get_by_role("link", name=OFFER).click()
        expect(page.get_by_role("heading", level=1, name=OFFER)).to_be_visible()
        expect_loaded(page.get_by_role("img", name="Photo 1, en grand"))
        page.get_by_label("Votre message").fill("Je passerais la chercher samedi matin.")
        page.get_by_role("button", name="Envoyer ma réponse").click()
        expect(page.get_by_role("heading", level=2, name="Votre réponse")).to_be_visible()
        shoot(page, ARTIFACTS, "responded")

    # What Dee's browser was served holds no trace of where the photo was taken.
    shown = listing_of(platform, dee, offer_id)
    served = platform.call(
        "GET", f"/photos/{shown['photos'][0]}", headers=dee.auth, params={"size": "full"}
    )
    assert served.status_code == 200
    assert not Image.open(io.BytesIO(served.content)).getexif().get_ifd(GPS_IFD)

    with signed_in(tmp_path, platform, bob, console, width=375) as page:
        # Bob reads the response on his phone and goes ahead with Dee.
        page.goto(f"{platform.base_url}/listings/{offer_id}")
        expect(page.get_by_role("heading", level=2, name="Réponses")).to_be_visible()
        expect(page.get_by_text("Je passerais la chercher samedi matin.")).to_be_visible()
        page.get_by_role("button", name="Donner suite avec Denis").click()
        expect(page.get_by_text("Vous donnez suite avec cette personne.").first).to_be_visible()
        shoot(page, ARTIFACTS, "went-ahead-phone")

    # Three members report Cy's request: it is hidden pending a moderator.
    position = ""
    for reporter in (bob, dee, eve):
        reported = platform.call(
            "POST",
            f"/listings/{request_id}/reports",
            headers=reporter.auth,
            json={"reason": "Ce n'est pas une vraie demande."},
        )
        position = str(answered(reported, 201, "report")["position"])
    assert listing_of(platform, cy, request_id, position)["hidden"] is True

    with signed_in(tmp_path, platform, ada, console) as page:
        page.goto(f"{platform.base_url}/neighbourhoods/{hood_id}/reports")
        expect(
            page.get_by_role("heading", level=1, name=f"Annonces signalées de {hood_name}")
        ).to_be_visible()
        expect(page.get_by_role("link", name=REQUEST)).to_be_visible()
        shoot(page, ARTIFACTS, "reports-queue")
        page.get_by_role("button", name=f"Rétablir « {REQUEST} »").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Motif").fill("Demande légitime, signalements infondés.")
        shoot(page, ARTIFACTS, "restore-dialog")
        dialog.get_by_role("button", name="Rétablir").click()
        expect(page.get_by_text(f"L{Q}annonce est rétablie.")).to_be_visible()

    eventually(
        lambda: listing_of(platform, dee, request_id)["hidden"] is False,
        what="the restored request shown to members again",
    )
    assert_nothing_personal(console, bob.email, cy.email, dee.email, ada.email, eve.email)
