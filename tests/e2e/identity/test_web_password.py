"""Changing one's password in the web client (/me/password, linked from /me), in headless Chromium
against the whole platform: a wrong current password and a too weak new one are said next to
their field; once changed, the other sessions end, the new password signs in and the old one no
longer does; too many wrong current passwords lock the account for a while, said in English.
Screenshots of every step are saved under test-artifacts/web/password/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    assert_nothing_personal,
    chromium,
    fresh_artifacts,
    shoot,
    sign_in,
    watched,
)
from tests.support.platform import Platform, Resident

# browser_present (tests/e2e/conftest.py) first: without a browser the platform is not started.
pytestmark = [pytest.mark.rabbitmq, pytest.mark.usefixtures("browser_present")]

ARTIFACTS = "password"
NEW_PASSWORD = "tilleuls sous la pluie de mai"
WRONG_PASSWORD = "not the password at all"
ENDPOINT = "/api/v1/me/password"
PASSWORD_CHANGED = "identity.PasswordChanged"


def open_password_screen(page: Page) -> None:
    """From any screen of a signed-in resident, the password screen, focused on its heading."""
    page.get_by_role("navigation").get_by_role("link", name="Mon profil").click()
    page.get_by_role("link", name="Changer mon mot de passe").click()
    expect(page).to_have_url(re.compile(r"/me/password$"))
    expect(page.get_by_role("heading", name="Changer mon mot de passe", level=1)).to_be_focused()


def password_screen(page: Page, platform: Platform, resident: Resident, console: list[str]) -> Page:
    """`page`, watched into `console`, signed in as `resident` and on the password screen."""
    watched(page, console)
    sign_in(page, platform.base_url, resident.email, resident.password, wait=False)
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    open_password_screen(page)
    return page


def submit(page: Page, current: str, new: str, button: str, status: int) -> None:
    """Fill both fields, send the form and wait for the server's answer, which must be `status`."""
    page.get_by_label(re.compile("^(Mot de passe actuel|Current password)$")).fill(current)
    page.get_by_label(re.compile("^(Nouveau mot de passe|New password)$")).fill(new)
    with page.expect_response(lambda r: r.url.endswith(ENDPOINT)) as answer:
        page.get_by_role("button", name=button).click()
    assert answer.value.status == status


def password_changes(platform: Platform, resident: Resident) -> int:
    """How many passwords the resident has had (signing up records the first)."""
    recorded = platform.events(f"identity.resident-{resident.resident_id}")
    return sum(e.type == PASSWORD_CHANGED for e in recorded)


def test_a_resident_changes_their_password_and_only_the_new_one_signs_in(
    platform: Platform, tmp_path: Path
) -> None:
    fresh_artifacts(ARTIFACTS)
    resident = platform.sign_up("Maëlle T.")
    # The same resident signed in elsewhere (another device): that session must end.
    elsewhere = platform.sign_in(
        Resident(resident.email, resident.password, "Maëlle T.", resident.resident_id)
    )
    changes_before = password_changes(platform, resident)
    console: list[str] = []
    with chromium(tmp_path) as context:
        page = password_screen(context.new_page(), platform, resident, console)
        current = page.get_by_label("Mot de passe actuel")
        new = page.get_by_label("Nouveau mot de passe")
        expect(current).to_have_attribute("autocomplete", "current-password")
        expect(new).to_have_attribute("autocomplete", "new-password")
        expect(new).to_have_accessible_description(re.compile(r"Au moins 10 caractères"))
        shoot(page, ARTIFACTS, "form")

        submit(page, WRONG_PASSWORD, NEW_PASSWORD, "Changer mon mot de passe", 422)
        expect(current).to_have_attribute("aria-invalid", "true")
        expect(current).to_have_accessible_description("Le mot de passe actuel est incorrect.")
        expect(current).to_be_focused()
        expect(new).not_to_have_attribute("aria-invalid", "true")
        shoot(page, ARTIFACTS, "wrong-current-password")

        submit(page, resident.password, "court", "Changer mon mot de passe", 422)
        expect(new).to_have_attribute("aria-invalid", "true")
        expect(new).to_have_accessible_description(re.compile(r"^Mot de passe trop faible"))
        expect(current).not_to_have_attribute("aria-invalid", "true")
        shoot(page, ARTIFACTS, "new-password-too-weak")

        submit(page, resident.password, NEW_PASSWORD, "Changer mon mot de passe", 200)
        expect(page.get_by_role("heading", name="Mon profil", level=1)).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("Votre mot de passe est changé.")
        shoot(page, ARTIFACTS, "changed")
        # This session goes on; the other one is over.
        assert page.request.get(platform.url("/me")).status == 200
        assert platform.call("GET", "/me", headers=elsewhere.auth).status_code == 401
        assert password_changes(platform, resident) == changes_before + 1

        page.get_by_role("button", name="Se déconnecter").click()
        expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
        sign_in(page, platform.base_url, resident.email, resident.password, wait=False)
        refused = page.get_by_role("form", name="Se connecter").get_by_role("alert")
        expect(refused).to_contain_text("Adresse e-mail ou mot de passe incorrect.")
        shoot(page, ARTIFACTS, "old-password-refused")

        sign_in(page, platform.base_url, resident.email, NEW_PASSWORD, wait=False)
        expect(page.get_by_role("heading", name="Bonjour Maëlle T. !", level=1)).to_be_visible()
        shoot(page, ARTIFACTS, "signed-in-with-the-new-password")
    assert_nothing_personal(
        console, resident.email, resident.password, NEW_PASSWORD, WRONG_PASSWORD
    )


def test_too_many_wrong_current_passwords_lock_the_change_for_a_while(
    platform: Platform, tmp_path: Path
) -> None:
    resident = platform.sign_up("Yanis B.")
    changes_before = password_changes(platform, resident)
    console: list[str] = []
    with chromium(tmp_path) as context:
        page = password_screen(context.new_page(), platform, resident, console)
        page.get_by_role("button", name="English").click()
        expect(page.get_by_role("heading", name="Change my password", level=1)).to_be_visible()
        current = page.get_by_label("Current password")
        expect(page.get_by_label("New password")).to_have_accessible_description(
            re.compile(r"At least 10 characters")
        )

        # identity locks an account after 5 wrong passwords within 15 minutes (ratelimit.py).
        for _ in range(5):
            submit(page, WRONG_PASSWORD, NEW_PASSWORD, "Change my password", 422)
            expect(current).to_have_accessible_description("The current password is wrong.")
        submit(page, resident.password, NEW_PASSWORD, "Change my password", 429)
        alert = page.get_by_role("form", name="Change my password").get_by_role("alert")
        expect(alert).to_have_text(re.compile(r"^Too many attempts\. Try again in \d+ min\.$"))
        expect(current).not_to_have_attribute("aria-invalid", "true")
        shoot(page, ARTIFACTS, "rate-limited-in-english")
    assert password_changes(platform, resident) == changes_before, "a refusal changed it"
    assert_nothing_personal(console, resident.email, resident.password, WRONG_PASSWORD)
