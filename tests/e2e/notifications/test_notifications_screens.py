"""The notifications screens in headless Chromium, against the whole platform: Ada keeps her
inbox open while Bob answers her listing; the response appears on her page without a reload and
her badge counts it; she marks everything read. Bob's alert reaches Ada's open page too. Then
Cleo follows an alert e-mail's unsubscribe link, signed out, and stops that kind of e-mail in
one click; her preferences screen then shows it off. axe-core checks each screen shot;
screenshots land in test-artifacts/web/notifications/.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.notifications.support import confirm_email, mails_to
from tests.e2e.notifications.test_api_notifications import RIGHT_AWAY, post, publish
from tests.support.answers import answered
from tests.support.browser import (
    assert_nothing_personal,
    chromium,
    fresh_artifacts,
    shoot,
    sign_in,
    signed_in,
    watched,
)
from tests.support.neighbours import gathered
from tests.support.platform import Platform
from tests.support.waiting import eventually

pytestmark = [pytest.mark.rabbitmq, pytest.mark.usefixtures("browser_present")]

ARTIFACTS = "notifications"


def test_a_response_and_an_alert_appear_live_and_an_e_mail_link_unsubscribes(
    platform: Platform, tmp_path: Path
) -> None:
    fresh_artifacts(ARTIFACTS)
    ada, bob, cleo = (
        platform.verified(2, "Ada"),
        platform.verified(8, "Bob"),
        platform.verified(12, "Cleo"),
    )
    nid = gathered(platform, ada, bob, cleo)
    confirm_email(platform, cleo)
    answered(
        platform.call("PUT", "/me/notification-preferences", headers=cleo.auth, json=RIGHT_AWAY),
        200,
        "Cleo's preferences",
    )
    lid = publish(platform, ada, nid, "Perceuse")
    console: list[str] = []
    with signed_in(tmp_path, platform, ada, console) as page:
        page.goto(f"{platform.base_url}/notifications")
        expect(page.get_by_role("heading", name="Mes notifications")).to_be_visible()
        listed = page.locator("ul.notifications > li")
        before = listed.count()

        bob.position = ada.position
        post(platform, bob, f"/listings/{lid}/responses", {"message": "Ce soir ?"}, 201)
        response = page.locator('li[data-type="response_received"]')
        expect(response).to_contain_text("Bob a répondu à « Perceuse ».", timeout=15_000)
        expect(response).to_have_class(re.compile("notification-unread"))
        expect(page.locator(".notifications-count")).not_to_have_text("0")
        assert listed.count() == before + 1
        shoot(page, ARTIFACTS, "live-response")

        publish(platform, bob, nid, "Chat perdu", category="alert")
        expect(page.locator('li[data-type="alert"]')).to_contain_text("Chat perdu", timeout=15_000)

        page.get_by_role("button", name="Tout marquer comme lu").click()
        expect(page.locator(".notification-unread")).to_have_count(0)
        expect(page.locator(".notifications-count")).to_be_hidden()
        response.get_by_role("link").click()
        expect(page).to_have_url(re.compile(f"/listings/{lid}$"))

    mail = eventually(
        lambda: [m for m in mails_to(platform, cleo) if "Chat perdu" in m["Subject"]],
        what="the alert e-mailed to Cleo",
    )[0]
    link = re.search(r"(http\S+/unsubscribe\?token=\S+)", mail.get_body(("plain",)).get_content())
    assert link is not None
    with chromium(Path(tempfile.mkdtemp(dir=tmp_path)), width=390, height=800) as context:
        page = watched(context.new_page(), console)
        page.goto(link.group(1))  # signed out, on a phone
        expect(
            page.get_by_text("Ce lien arrête les e-mails « Alertes du quartier ».")
        ).to_be_visible()
        shoot(page, ARTIFACTS, "unsubscribe")
        page.get_by_role("button", name="Ne plus recevoir ces e-mails").click()
        expect(page.get_by_role("status")).to_contain_text("vous ne recevrez plus")
        shoot(page, ARTIFACTS, "unsubscribed")
        sign_in(page, platform.base_url, cleo.email, cleo.password)
        page.goto(f"{platform.base_url}/me/notifications")
        expect(
            page.get_by_role("checkbox", name="Alertes du quartier: Par e-mail")
        ).not_to_be_checked()
        expect(
            page.get_by_role("checkbox", name="Alertes du quartier: Dans l'application")
        ).to_be_checked()
        shoot(page, ARTIFACTS, "preferences")
    assert_nothing_personal(console, ada.email, bob.email, cleo.email)
