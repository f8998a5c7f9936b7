"""The connections screens in headless Chromium, on a phone-sized screen, against the whole
platform: Bob answered Ada's listing and she went ahead with him. Bob finds the connection with
what Ada discloses, writes to her; her answer arrives without reloading; he thanks her (the
thanks then shown on her profile) and finally blocks her with the keyboard: the connection is
blocked and her messages hidden. Once he lifts the block, Ada is offered no thanks on the
connection it ended, and told why. axe-core checks every screen shot; screenshots land in
test-artifacts/web/connections/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.matching.test_api_connections import connected
from tests.support.answers import answered
from tests.support.browser import assert_nothing_personal, fresh_artifacts, shoot, signed_in
from tests.support.neighbours import gathered
from tests.support.platform import Platform

pytestmark = [pytest.mark.rabbitmq, pytest.mark.usefixtures("browser_present")]

ARTIFACTS = "connections"
POLLED_MS = 15_000  # a few polls of the conversation


def test_connected_neighbours_talk_thank_and_block_on_a_phone(
    platform: Platform, tmp_path: Path
) -> None:
    fresh_artifacts(ARTIFACTS)
    ada, bob = platform.verified(2, "Ada"), platform.verified(8, "Bob")
    nid = gathered(platform, ada, bob)
    cid = connected(platform, ada, bob, nid)
    console: list[str] = []

    with signed_in(tmp_path, platform, bob, console, width=375) as page:
        page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Mises en relation"
        ).click()
        expect(page.get_by_role("heading", level=1, name="Mes mises en relation")).to_be_visible()
        shoot(page, ARTIFACTS, "connections")
        page.get_by_role("link", name="Ada").click()
        expect(page.get_by_role("heading", level=1, name="Avec Ada")).to_be_visible()
        expect(page.get_by_text("rue de la Paix", exact=False).first).to_be_visible()
        expect(
            page.get_by_text("Aucun message pour l'instant.".replace("'", "\u2019"))
        ).to_be_visible()

        # Bob writes; Ada's answer arrives while he stays on the page.
        page.get_by_label("Message", exact=True).fill("Bonjour Ada, je passe samedi ?")
        page.get_by_role("button", name="Envoyer", exact=True).click()
        conversation = page.get_by_role("list", name="Conversation")
        expect(conversation.get_by_text("Bonjour Ada, je passe samedi ?")).to_be_visible()
        said = platform.call("POST", f"/connections/{cid}/messages", headers=ada.auth,
                             json={"text": "Oui, à samedi !"})  # fmt: skip
        answered(said, 201, "Ada answers")
        expect(conversation.get_by_text("Oui, à samedi !")).to_be_visible(timeout=POLLED_MS)
        shoot(page, ARTIFACTS, "conversation")

        # He thanks her; the thanks are on her profile.
        page.get_by_label("Un mot de remerciement").fill("Merci pour la perceuse !")
        page.get_by_role("button", name="Envoyer mes remerciements").click()
        expect(page.get_by_role("status").first).to_have_text("Remerciements envoyés.")
        page.goto(f"{platform.base_url}/residents/{ada.resident_id}")
        expect(page.get_by_role("heading", level=1, name="Ada")).to_be_visible()
        thanks = page.get_by_role("list", name="Remerciements reçus")
        expect(thanks.get_by_text("Merci pour la perceuse !")).to_be_visible()
        shoot(page, ARTIFACTS, "thanks-on-profile")

        # He blocks her, keyboard only: the connection is blocked, her messages hidden.
        page.goto(f"{platform.base_url}/connections/{cid}")
        block = page.get_by_role("button", name="Bloquer Ada")
        block.focus()
        page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        shoot(page, ARTIFACTS, "block-dialog")
        dialog.get_by_role("button", name="Bloquer").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_text("Personne bloquée.")).to_be_visible()
        expect(page.get_by_text("Bloquée", exact=True)).to_be_visible()
        expect(
            page.get_by_role("list", name="Conversation").get_by_text("Oui, à samedi !")
        ).to_have_count(0)
        expect(page.get_by_label("Message", exact=True)).to_have_count(0)
        expect(page.get_by_text("rue de la Paix", exact=False)).to_have_count(0)
        shoot(page, ARTIFACTS, "blocked")
        page.goto(f"{platform.base_url}/me/blocks")
        unblock = page.get_by_role("button", name="Débloquer Ada")
        expect(unblock).to_be_visible()
        unblock.click()
        expect(page.get_by_text("Personne débloquée.")).to_be_visible()

    # Lifted, the block left the connection ended: Ada is offered no thanks, and told why.
    with signed_in(tmp_path, platform, ada, console, width=375) as page:
        page.goto(f"{platform.base_url}/connections/{cid}")
        expect(page.get_by_role("heading", level=1, name="Avec Bob")).to_be_visible()
        expect(page.get_by_text("Un blocage a mis fin à cette mise en relation")).to_be_visible()
        expect(page.get_by_label("Un mot de remerciement")).to_have_count(0)
        shoot(page, ARTIFACTS, "ended-by-block")

    assert_nothing_personal(console, ada.email, bob.email)
