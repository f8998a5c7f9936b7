"""The web client in headless Chromium, against the whole platform (relay, identity, gateway).

A resident signs up and in, declares a home address known to the demo address base, reads the
code of the letter identity posts (a file under <data dir>/outbox/letters/), enters a wrong
code then the right one, switches to English and signs out; the sign-in form works from the
keyboard alone; the screens fit a 375px-wide phone. Screenshots of every step are saved under
test-artifacts/web/<test>/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, expect

from tests.support import eventually
from tests.support.browser import (
    assert_nothing_personal,
    chromium,
    fresh_artifacts,
    shoot,
    sign_in,
    watched,
)
from tests.support.platform import DEMO_CITY, DEMO_POSTCODE, DEMO_STREET, PASSWORD, Platform

# browser_present (tests/e2e/conftest.py) first: without a browser the platform is not started.
pytestmark = [pytest.mark.rabbitmq, pytest.mark.usefixtures("browser_present")]

FULL_ADDRESS = "L\N{RIGHT SINGLE QUOTATION MARK}adresse complète"  # typographic, as shown
PDF = b"%PDF-1.7\n" + b"a scanned electricity bill " * 40


def api_json(page: Page, platform: Platform, path: str) -> tuple[int, dict[str, object]]:
    """GET an API path with the page's own cookies (the browser's session)."""
    answer = page.request.get(platform.url(path))
    return answer.status, answer.json()


def code_field_error(page: Page) -> str:
    """The text of the error tied to the code field by aria-describedby."""
    field = page.get_by_label("Code reçu par courrier")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = (field.get_attribute("aria-describedby") or "").split()
    texts = [page.locator(f"[id='{ident}']").inner_text() for ident in described]
    return " ".join(texts)


def test_a_resident_verifies_their_address_by_letter_in_french_then_english(
    platform: Platform, tmp_path: Path
) -> None:
    test = "journey"
    fresh_artifacts(test)
    email, name = platform.new_email("web"), "Camille D."
    console: list[str] = []
    with chromium(tmp_path) as context:
        page = watched(context.new_page(), console)
        page.goto(platform.base_url + "/")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Quartier")
        shoot(page, test, "home")

        page.get_by_role("navigation").get_by_role("link", name="Créer un compte").click()
        expect(page).to_have_url(re.compile(r"/sign-up$"))
        expect(page.get_by_role("heading", name="Créer un compte", level=1)).to_be_focused()
        page.get_by_label("Nom affiché").fill(name)
        page.get_by_label("Adresse e-mail").fill(email)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        shoot(page, test, "sign-up")
        page.get_by_role("button", name="Créer mon compte").click()

        expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("Votre compte est créé")
        expect(page.get_by_label("Adresse e-mail")).to_have_value(email)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        shoot(page, test, "sign-in")
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("heading", name=f"Bonjour {name} !", level=1)).to_be_visible()
        shoot(page, test, "signed-in")

        page.get_by_role("navigation").get_by_role("link", name="Mon adresse").click()
        expect(page).to_have_url(re.compile(r"/me/address$"))
        page.get_by_label("Numéro et rue").fill(f"12 {DEMO_STREET}")
        page.get_by_label("Code postal").fill(DEMO_POSTCODE)
        page.get_by_label("Commune").fill(DEMO_CITY)
        shoot(page, test, "address-declared")
        page.get_by_role("button", name="Recevoir un code par courrier").click()
        expect(page.get_by_label("Code reçu par courrier")).to_be_visible()
        expect(page.get_by_text("Essais restants : 5")).to_be_visible()
        expect(page.get_by_text(re.compile(r"Le code est valable jusqu.au \d+"))).to_be_visible()
        shoot(page, test, "letter-posted")

        status, me = api_json(page, platform, "/me")
        assert status == 200
        code = platform.letter_code(str(me["resident_id"]))
        wrong = "2222222222" if code != "2222222222" else "3333333333"
        page.get_by_label("Code reçu par courrier").fill(wrong)
        page.get_by_role("button", name="Vérifier mon adresse").click()
        assert "Ce code ne correspond pas" in code_field_error(page)
        expect(page.get_by_label("Code reçu par courrier")).to_be_focused()
        expect(page.get_by_text("Essais restants : 4")).to_be_visible()
        shoot(page, test, "wrong-code")

        # As printed, in lower case and spaced out: the server reads it all the same.
        page.get_by_label("Code reçu par courrier").fill(f"{code[:5]} {code[5:]}".lower())
        page.get_by_role("button", name="Vérifier mon adresse").click()
        expect(page.get_by_text("Votre adresse est vérifiée (depuis le")).to_be_visible()
        shoot(page, test, "address-verified")

        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", name="My address", level=1)).to_be_visible()
        expect(page.get_by_text("Your address is verified (since")).to_be_visible()
        expect(page.get_by_role("button", name="Français")).to_be_focused()
        shoot(page, test, "english")
        assert_language_saved(page, platform, "en")
        page.reload()
        expect(page.get_by_role("heading", name="My address", level=1)).to_be_visible()

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("You are signed out.")
        shoot(page, test, "signed-out")
        assert api_json(page, platform, "/me")[0] == 401
        page.goto(platform.base_url + "/me/address")
        expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    assert_nothing_personal(console, email, name, code, DEMO_STREET, PASSWORD)


def assert_language_saved(page: Page, platform: Platform, language: str) -> None:
    """The switch reached the account (PATCH /me), not only this browser."""

    def saved() -> bool:
        status, me = api_json(page, platform, "/me")
        return status == 200 and me.get("language") == language

    eventually(saved, timeout=10, interval=0.2, what="the account's language changed")


def test_the_sign_in_form_works_from_the_keyboard_alone(platform: Platform, tmp_path: Path) -> None:
    test = "keyboard"
    fresh_artifacts(test)
    resident = platform.sign_up("Dominique K.")
    console: list[str] = []
    with chromium(tmp_path) as context:
        page = watched(context.new_page(), console)
        page.goto(platform.base_url + "/sign-in")
        expect(page.get_by_label("Adresse e-mail")).to_be_visible()

        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Aller au contenu")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        shoot(page, test, "skip-link")
        email = page.get_by_label("Adresse e-mail")
        for _ in range(20):
            if email.evaluate("el => el === document.activeElement"):
                break
            page.keyboard.press("Tab")
        expect(email).to_be_focused()
        outline = email.evaluate("el => getComputedStyle(el).outlineStyle")
        assert outline != "none", "the focused field shows no focus ring"
        page.keyboard.type(resident.email)
        page.keyboard.press("Tab")
        expect(page.get_by_label("Mot de passe")).to_be_focused()
        page.keyboard.type(resident.password)
        shoot(page, test, "filled")
        page.keyboard.press("Enter")
        heading = page.get_by_role("heading", name="Bonjour Dominique K. !", level=1)
        expect(heading).to_be_focused()
        shoot(page, test, "signed-in")
    assert_nothing_personal(console, resident.email, resident.password)


def test_the_screens_fit_a_375px_wide_phone(platform: Platform, tmp_path: Path) -> None:
    test = "phone"
    fresh_artifacts(test)
    resident = platform.sign_up("Sacha L.")
    with chromium(tmp_path, width=375, height=740) as context:
        page = context.new_page()
        for path, heading in (("/", "Quartier"), ("/sign-up", "Créer un compte")):
            page.goto(platform.base_url + path)
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
            assert_fits(page)
            shoot(page, test, path.strip("/") or "home")
        sign_in(page, platform.base_url, resident.email, resident.password)
        for path, heading in (("/me/address", "Mon adresse"), ("/me", "Mon profil")):
            page.get_by_role("navigation").get_by_role("link", name=heading).click()
            expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
            assert_fits(page)
            shoot(page, test, path.strip("/"))
        page.get_by_role("navigation").get_by_role("link", name="Mes données").click()
        page.get_by_role("button", name="Supprimer mon compte…").click()
        dialog = page.get_by_role("dialog", name="Supprimer votre compte ?")
        expect(dialog).to_be_visible()
        expect(dialog.get_by_label("Votre mot de passe")).to_be_focused()
        assert_fits(page)
        shoot(page, test, "erase-dialog")
        dialog.get_by_role("button", name="Annuler").click()
        expect(dialog).to_be_hidden()


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px screen"


def test_an_address_unknown_to_the_base_is_sent_for_review_with_a_proof_document(
    platform: Platform, tmp_path: Path
) -> None:
    test = "proof"
    fresh_artifacts(test)
    resident = platform.sign_up("Noa P.")
    with chromium(tmp_path) as context:
        page = context.new_page()
        sign_in(page, platform.base_url, resident.email, resident.password)
        page.goto(platform.base_url + "/me/address")
        page.get_by_label("Numéro et rue").fill("999 chemin des Nulle-Part")
        page.get_by_label("Code postal").fill(DEMO_POSTCODE)
        page.get_by_label("Commune").fill(DEMO_CITY)
        page.get_by_role("button", name="Recevoir un code par courrier").click()
        form = page.get_by_role("form", name="Déclarer mon adresse")
        expect(form.get_by_role("alert")).to_contain_text("introuvable")
        shoot(page, test, "address-unknown")

        page.get_by_role("button", name="Vérifier avec un justificatif").click()
        document = page.get_by_label("Justificatif de domicile")
        expect(document).to_be_visible()
        page.get_by_role("button", name="Envoyer le justificatif").click()
        expect(document).to_have_attribute("aria-invalid", "true")
        document.set_input_files(
            files=FilePayload(name="facture.pdf", mimeType="application/pdf", buffer=PDF)
        )
        shoot(page, test, "document-chosen")
        page.get_by_role("button", name="Envoyer le justificatif").click()
        expect(page.get_by_role("status")).to_contain_text("Justificatif reçu")
        expect(page.get_by_text(re.compile(r"en cours d.examen par"))).to_be_visible()
        shoot(page, test, "document-sent")
        status, me = api_json(page, platform, "/me")
        assert status == 200
        assert isinstance(me["address"], dict)
        assert (me["address"]["status"], me["address"]["method"]) == (
            "pending_document",
            "document",
        )


def test_a_resident_edits_their_profile_exports_their_data_and_erases_their_account(
    platform: Platform, tmp_path: Path
) -> None:
    test = "profile-and-data"
    fresh_artifacts(test)
    resident = platform.sign_up("Lou R.")
    phone = "+33 1 23 45 67 89"
    with chromium(tmp_path) as context:
        page = context.new_page()
        sign_in(page, platform.base_url, resident.email, resident.password)
        page.get_by_role("navigation").get_by_role("link", name="Mon profil").click()
        expect(page.get_by_label("La rue seulement (recommandé)")).to_be_checked()
        page.get_by_label("Téléphone").fill(phone)
        page.get_by_label(FULL_ADDRESS).check()
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_role("status")).to_contain_text("Votre profil est enregistré.")
        expect(page.get_by_label("Téléphone")).to_have_value(phone)
        expect(page.get_by_label(FULL_ADDRESS)).to_be_checked()
        shoot(page, test, "profile-saved")

        page.get_by_role("navigation").get_by_role("link", name="Mes données").click()
        with page.expect_download() as downloading:
            page.get_by_role("button", name="Télécharger mes données").click()
        exported = Path(downloading.value.path()).read_text(encoding="utf-8")
        assert isinstance(json.loads(exported), dict)
        for held in (resident.resident_id, resident.display_name, resident.email, phone):
            assert held in exported, "the downloaded export misses something the resident gave"

        page.get_by_role("button", name="Supprimer mon compte…").click()
        dialog = page.get_by_role("dialog", name="Supprimer votre compte ?")
        shoot(page, test, "erase-dialog")
        dialog.get_by_role("button", name="Oui, supprimer définitivement").click()
        expect(dialog.get_by_text("Ce champ est obligatoire.")).to_be_visible()
        dialog.get_by_label("Votre mot de passe").fill("not the password at all")
        dialog.get_by_role("button", name="Oui, supprimer définitivement").click()
        expect(dialog.get_by_text("Le mot de passe actuel est incorrect.")).to_be_visible()
        expect(dialog.get_by_label("Votre mot de passe")).to_have_attribute("aria-invalid", "true")
        shoot(page, test, "erase-wrong-password")
        dialog.get_by_label("Votre mot de passe").fill(resident.password)
        dialog.get_by_role("button", name="Oui, supprimer définitivement").click()
        expect(page.get_by_role("status")).to_contain_text("Votre compte est supprimé.")
        expect(
            page.get_by_role("navigation").get_by_role("link", name="Se connecter")
        ).to_be_visible()
        shoot(page, test, "erased")
        assert api_json(page, platform, "/me")[0] == 401

        page.goto(platform.base_url + "/sign-in")
        page.get_by_label("Adresse e-mail").fill(resident.email)
        page.get_by_label("Mot de passe").fill(resident.password)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("form", name="Se connecter").get_by_role("alert")).not_to_be_empty()
        expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()


def test_signing_in_brings_back_the_language_saved_on_the_account(
    platform: Platform, tmp_path: Path
) -> None:
    resident = platform.sign_up("Ana B.", language="en")
    with chromium(tmp_path) as context:
        page = context.new_page()
        page.goto(platform.base_url + "/sign-in")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        page.get_by_label("Adresse e-mail").fill(resident.email)
        page.get_by_label("Mot de passe").fill(resident.password)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("heading", name="Hello Ana B.!", level=1)).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.reload()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
