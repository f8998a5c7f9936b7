"""The account's e-mails in the web client, in headless Chromium on a 375px-wide phone against
the whole platform: the band asking to confirm the address and its "resend" button, the
confirmation link, "forgot my password" from the sign-in page (with the keyboard), the reset
link's new-password form, and the end of every other session. Links are taken from identity's
sealed events (tests/support/account_links.py). Every step is checked with axe-core and saved
under test-artifacts/web/account-emails/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support import eventually
from tests.support.account_links import CONFIRMATION, RESET, requests_of, sealed_token
from tests.support.browser import (
    assert_nothing_personal,
    chromium,
    fresh_artifacts,
    shoot,
    sign_in,
    watched,
)
from tests.support.platform import Platform, Resident

pytestmark = [pytest.mark.rabbitmq, pytest.mark.usefixtures("browser_present")]

ARTIFACTS = "account-emails"
NEW_PASSWORD = "les martinets reviennent en mai"


def nth_token(platform: Platform, who: Resident, kind: str, count: int) -> str:
    def recorded() -> str | None:
        if len(requests_of(platform.data_dir, who.resident_id, kind)) < count:
            return None
        return sealed_token(platform.data_dir, who.resident_id, kind)

    return eventually(recorded, what=f"{kind} number {count} recorded")


def test_a_resident_confirms_their_address_and_resets_a_forgotten_password_on_a_phone(
    platform: Platform, tmp_path: Path
) -> None:
    fresh_artifacts(ARTIFACTS)
    resident = platform.sign_up("Inès R.")
    elsewhere = platform.sign_in(
        Resident(resident.email, resident.password, "Inès R.", resident.resident_id)
    )
    console: list[str] = []
    tokens: list[str] = []
    with chromium(tmp_path, width=375, height=740) as context:
        page = watched(context.new_page(), console)
        sign_in(page, platform.base_url, resident.email, resident.password)
        band = page.locator(".account-banner")
        expect(band).to_contain_text("Confirmez votre adresse e-mail")
        shoot(page, ARTIFACTS, "band-asking-to-confirm")

        resend = band.get_by_role("button", name="Renvoyer le lien")
        resend.focus()
        page.keyboard.press("Enter")
        expect(page.locator(".account-banner")).to_contain_text("Un nouveau lien vient d")
        tokens.append(nth_token(platform, resident, CONFIRMATION, 2))
        shoot(page, ARTIFACTS, "link-sent-again")

        page.goto(f"{platform.base_url}/email-confirmation?token={tokens[-1]}")
        expect(page.get_by_role("status")).to_contain_text("Votre adresse e-mail est confirmée.")
        expect(page).to_have_url(re.compile(r"/email-confirmation$"))  # the token left the bar
        expect(page.locator(".account-banner")).to_have_count(0)
        shoot(page, ARTIFACTS, "address-confirmed")

        page.get_by_role("button", name="Se déconnecter").click()
        expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
        page.get_by_role("link", name="Mot de passe oublié ?").click()
        expect(page.get_by_role("heading", name="Mot de passe oublié", level=1)).to_be_focused()
        page.keyboard.press("Tab")  # from the heading to the form's one field
        expect(page.get_by_label("Adresse e-mail")).to_be_focused()
        page.keyboard.type(resident.email)
        page.keyboard.press("Enter")
        expect(page.get_by_role("status")).to_contain_text("Si un compte utilise cette adresse")
        expect(page.get_by_role("status")).to_contain_text("30 minutes")
        tokens.append(nth_token(platform, resident, RESET, 1))
        shoot(page, ARTIFACTS, "reset-link-asked")
        page.get_by_role("button", name="English").click()
        expect(page.get_by_role("heading", name="Forgotten password", level=1)).to_be_visible()
        expect(page.get_by_label("E-mail address")).to_be_visible()
        shoot(page, ARTIFACTS, "forgot-password-in-english")
        page.get_by_role("button", name="Français").click()

        page.goto(f"{platform.base_url}/password-reset?token={tokens[-1]}")
        expect(
            page.get_by_role("heading", name="Choisir un nouveau mot de passe", level=1)
        ).to_be_visible()
        expect(page).to_have_url(re.compile(r"/password-reset$"))
        password = page.get_by_label("Nouveau mot de passe", exact=True)
        expect(password).to_have_attribute("autocomplete", "new-password")
        password.fill("court")
        page.get_by_role("button", name="Enregistrer le mot de passe").click()
        expect(password).to_have_attribute("aria-invalid", "true")
        expect(password).to_have_accessible_description(re.compile(r"^Mot de passe trop faible"))
        shoot(page, ARTIFACTS, "new-password-too-weak")

        password.fill(NEW_PASSWORD)
        page.get_by_role("button", name="Enregistrer le mot de passe").click()
        expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("Votre mot de passe est changé.")
        shoot(page, ARTIFACTS, "password-reset")
        assert platform.call("GET", "/me", headers=elsewhere.auth).status_code == 401

        sign_in(page, platform.base_url, resident.email, NEW_PASSWORD, wait=False)
        expect(page.get_by_role("heading", name="Bonjour Inès R. !", level=1)).to_be_visible()
        expect(page.locator(".account-banner")).to_have_count(0)

        page.goto(f"{platform.base_url}/password-reset?token={tokens[-1]}")
        page.get_by_label("Nouveau mot de passe", exact=True).fill("encore un tout autre secret")
        page.get_by_role("button", name="Enregistrer le mot de passe").click()
        form = page.get_by_role("form", name="Choisir un nouveau mot de passe")
        alert = form.get_by_role("alert")
        expect(alert).to_contain_text("Ce lien a déjà servi.")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, f"the page is {width}px wide on a 375px screen"
        shoot(page, ARTIFACTS, "link-already-used")
    assert_nothing_personal(console, resident.email, resident.password, NEW_PASSWORD, *tokens)
