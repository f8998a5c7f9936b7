"""The account's e-mails as a resident gets them, against the whole platform: the links are
read from the mails the notifications service writes under <data dir>/outbox/mail/ (one .eml
file per mail), not from the log. Skipped while the tree has no notifications service."""

from __future__ import annotations

import pytest

from tests.support import eventually
from tests.support.account_links import CONFIRMATION, RESET, mailed_token
from tests.support.answers import assert_error, expect
from tests.support.platform import SERVICES, Platform, Resident

pytestmark = [
    pytest.mark.rabbitmq,
    pytest.mark.skipif(
        "notifications" not in SERVICES, reason="no notifications service in this tree to send mail"
    ),
]

NEW_PASSWORD = "un jardin partagé au bout de la rue"


def mailed(platform: Platform, who: Resident, kind: str) -> str:
    def found() -> str | None:
        token = mailed_token(platform.data_dir, who.email, kind)
        return token or None

    return eventually(found, what=f"a mail with the {kind} link", timeout=60.0)


def test_a_resident_confirms_and_resets_from_the_links_they_were_mailed(
    platform: Platform,
) -> None:
    resident = platform.sign_up("Ada")
    other = platform.sign_in(
        Resident(resident.email, resident.password, "Ada", resident.resident_id)
    )
    confirmed = platform.call(
        "POST", f"/email-confirmations/{mailed(platform, resident, CONFIRMATION)}"
    )
    expect(confirmed, 200, "confirm from the mail")
    answer = platform.call(
        "GET", "/me", headers=other.auth, params={"after": confirmed.json()["position"]}
    )
    assert answer.json()["email_confirmed"] is True

    expect(platform.call("POST", "/password-resets", json={"email": resident.email}), 202, "forgot")
    reset = mailed(platform, resident, RESET)
    done = platform.call("POST", f"/password-resets/{reset}", json={"password": NEW_PASSWORD})
    expect(done, 200, "reset from the mail")
    assert_error(platform.call("GET", "/me", headers=other.auth), 401, "unauthenticated")
    resident.password = NEW_PASSWORD
    platform.sign_in(resident)
