"""A resident's journey through the gateway's HTTP API, against the real platform: sign up, sign
in, profile, home address verified by letter, by neighbours' vouches or by a proof document,
export, sign out, erasure; cookie sessions with their CSRF token; request ids that become the
correlation ids of the events a request caused."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests

from tests.support.answers import expect
from tests.support.platform import Platform, Resident, demo_address

pytestmark = pytest.mark.rabbitmq

PDF = b"%PDF-1.7\n" + b"a scanned electricity bill " * 40
PROFILE_KEYS = {
    "resident_id",
    "display_name",
    "phone",
    "language",
    "roles",
    "address",
    "neighbourhoods",
}
ADDRESS_KEYS = {
    "status",
    "method",
    "verified_at",
    "letter_expires_at",
    "attempts_left",
    "vouches",
}


def me(platform: Platform, resident: Resident, after: str | None = None) -> dict[str, Any]:
    params = {"after": after} if after else None
    answer = platform.call("GET", "/me", headers=resident.auth, params=params)
    expect(answer, 200, "GET /me")
    body: dict[str, Any] = answer.json()
    return body


def position_of(answer: requests.Response) -> str:
    position = answer.json()["position"]
    assert isinstance(position, str) and position
    return position


def test_a_resident_signs_up_edits_the_profile_and_verifies_the_address_by_letter(
    platform: Platform,
) -> None:
    email = platform.new_email()
    signed_up = platform.call(
        "POST",
        "/residents",
        json={"email": email, "password": "correct horse battery", "display_name": "Ada"},
    )
    expect(signed_up, 201, "sign up")
    assert set(signed_up.json()) >= {"resident_id", "position"}
    ada = Resident(email, "correct horse battery", "Ada", signed_up.json()["resident_id"])

    session = platform.call(
        "POST", "/sessions", json={"email": email.upper(), "password": ada.password}
    )
    expect(session, 201, "sign in")
    body = session.json()
    assert set(body) >= {"token", "resident_id", "csrf_token", "expires_at", "position"}
    assert body["resident_id"] == ada.resident_id
    ada.token = body["token"]

    profile = me(platform, ada, after=body["position"])
    assert set(profile) >= PROFILE_KEYS
    assert set(profile["address"]) >= ADDRESS_KEYS
    assert (profile["resident_id"], profile["display_name"]) == (ada.resident_id, "Ada")
    assert (profile["roles"], profile["neighbourhoods"]) == ([], [])
    assert profile["address"]["status"] == "unverified"

    changes = {"display_name": "Ada L.", "phone": "+33 6 12 34 56 78", "language": "en"}
    patched = platform.call("PATCH", "/me", headers=ada.auth, json=changes)
    expect(patched, 200, "PATCH /me")
    profile = me(platform, ada, after=position_of(patched))
    assert {k: profile[k] for k in changes} == changes

    declared = platform.call("PUT", "/me/address", headers=ada.auth, json=demo_address(12))
    expect(declared, 202, "PUT /me/address")
    assert (declared.json()["status"], declared.json()["method"]) == ("pending", "letter")
    address = me(platform, ada, after=position_of(declared))["address"]
    assert address["status"] == "pending_letter"
    assert address["attempts_left"] == 5 and address["letter_expires_at"]

    code = platform.letter_code(ada.resident_id)
    entered = platform.call(
        "POST", "/me/address/verification", headers=ada.auth, json={"code": code.lower()}
    )
    expect(entered, 200, "enter the letter's code")
    assert entered.json()["status"] == "verified"
    address = me(platform, ada, after=position_of(entered))["address"]
    assert (address["status"], address["method"]) == ("verified", "letter")
    assert address["verified_at"]


def test_a_neighbour_is_verified_by_the_vouches_of_two_verified_residents(
    platform: Platform,
) -> None:
    first, second = platform.verified(10, "Bea"), platform.verified(8, "Cy")
    newcomer = platform.signed_in("Dee")
    declared = platform.call("PUT", "/me/address", headers=newcomer.auth, json=demo_address(14))
    expect(declared, 202, "PUT /me/address")

    vouched = platform.call(
        "POST", f"/residents/{newcomer.resident_id}/vouches", headers=first.auth
    )
    expect(vouched, 201, "first vouch")
    address = me(platform, newcomer, after=position_of(vouched))["address"]
    assert (address["status"], address["vouches"]) == ("pending_letter", 1)

    vouched = platform.call(
        "POST", f"/residents/{newcomer.resident_id}/vouches", headers=second.auth
    )
    expect(vouched, 201, "second vouch")
    address = me(platform, newcomer, after=position_of(vouched))["address"]
    assert (address["status"], address["method"]) == ("verified", "vouches")


def test_an_address_unknown_to_the_map_is_proven_by_an_uploaded_document(
    platform: Platform,
) -> None:
    eve = platform.signed_in("Eve")
    unknown = {**demo_address(), "line": "999 chemin des Nulle-Part", "method": "document"}
    declared = platform.call("PUT", "/me/address", headers=eve.auth, json=unknown)
    expect(declared, 202, "declare an address for review")
    assert (declared.json()["status"], declared.json()["method"]) == ("pending", "document")
    me(platform, eve, after=position_of(declared))

    sent = platform.call(
        "POST",
        "/me/address/proof",
        headers=eve.auth,
        files={"document": ("bill.pdf", PDF, "application/pdf")},
    )
    expect(sent, 202, "upload a proof")
    assert (sent.json()["status"], sent.json()["method"]) == ("pending", "document")
    address = me(platform, eve, after=position_of(sent))["address"]
    assert address["status"] == "pending_document"


def test_the_export_holds_what_the_resident_gave(platform: Platform) -> None:
    fay = platform.signed_in("Fay")
    patched = platform.call("PATCH", "/me", headers=fay.auth, json={"phone": "+33 1 23 45 67 89"})
    expect(patched, 200, "PATCH /me")
    exported = platform.call("GET", "/me/export", headers=fay.auth)
    expect(exported, 200, "GET /me/export")
    assert exported.headers["Content-Type"].startswith("application/json")
    text = exported.text
    for held in (fay.resident_id, "Fay", fay.email, "+33 1 23 45 67 89"):
        assert held in text, "the export misses something the resident gave"


def test_signing_out_ends_that_session_only(platform: Platform) -> None:
    gus = platform.signed_in("Gus")
    other = Resident(gus.email, gus.password, gus.display_name, gus.resident_id)
    platform.sign_in(other)

    signed_out = platform.call("DELETE", "/sessions/current", headers=gus.auth)
    expect(signed_out, 204, "sign out")
    assert signed_out.content == b""
    expect(platform.call("GET", "/me", headers=gus.auth), 401, "GET /me after signing out")
    expect(platform.call("GET", "/me", headers=other.auth), 200, "another session")


def test_changing_the_password_revokes_every_other_session(platform: Platform) -> None:
    hal = platform.signed_in("Hal")
    other = platform.sign_in(Resident(hal.email, hal.password, "Hal", hal.resident_id))
    changed = platform.call(
        "PUT",
        "/me/password",
        headers=hal.auth,
        json={"current": hal.password, "new": "another long passphrase"},
    )
    expect(changed, 200, "PUT /me/password")
    expect(platform.call("GET", "/me", headers=other.auth), 401, "another session")
    expect(platform.call("GET", "/me", headers=hal.auth), 200, "the session that changed it")
    hal.password = "another long passphrase"
    platform.sign_in(hal)


def test_erasure_revokes_every_session_and_refuses_sign_in(platform: Platform) -> None:
    ivy = platform.signed_in("Ivy")
    other = platform.sign_in(Resident(ivy.email, ivy.password, "Ivy", ivy.resident_id))

    erased = platform.call("DELETE", "/me", headers=ivy.auth, json={"password": ivy.password})
    expect(erased, 202, "DELETE /me")
    position_of(erased)
    for session in (ivy, other):
        expect(platform.call("GET", "/me", headers=session.auth), 401, "GET /me after erasure")
    refused = platform.call(
        "POST", "/sessions", json={"email": ivy.email, "password": ivy.password}
    )
    expect(refused, 401, "sign in after erasure")


def test_cookie_session_writes_need_the_csrf_token(platform: Platform) -> None:
    jo = platform.sign_up("Jo")
    browser = requests.Session()
    signed_in = platform.call(
        "POST", "/sessions", client=browser, json={"email": jo.email, "password": jo.password}
    )
    expect(signed_in, 201, "sign in")
    csrf = signed_in.json()["csrf_token"]
    cookies = {c.name: c for c in browser.cookies}
    assert {"quartier_session", "quartier_csrf"} <= set(cookies)
    assert cookies["quartier_csrf"].value == csrf
    assert cookies["quartier_session"].has_nonstandard_attr("HttpOnly")
    assert not cookies["quartier_csrf"].has_nonstandard_attr("HttpOnly")
    assert all(c.path == "/" and not c.secure for c in cookies.values())
    set_cookie = signed_in.headers["Set-Cookie"].lower()
    assert set_cookie.count("samesite=lax") >= 2

    expect(platform.call("GET", "/me", client=browser), 200, "GET /me by cookie")
    forged = platform.call("PATCH", "/me", client=browser, json={"display_name": "Forged"})
    expect(forged, 403, "cookie write without CSRF token")
    assert forged.json()["error"]["code"] == "csrf_failed"
    wrong = platform.call(
        "PATCH",
        "/me",
        client=browser,
        headers={"X-CSRF-Token": "not-" + csrf},
        json={"display_name": "Forged"},
    )
    expect(wrong, 403, "cookie write with a wrong CSRF token")
    assert wrong.json()["error"]["code"] == "csrf_failed"

    patched = platform.call(
        "PATCH",
        "/me",
        client=browser,
        headers={"X-CSRF-Token": csrf},
        json={"display_name": "Jo B."},
    )
    expect(patched, 200, "cookie write with its CSRF token")
    shown = platform.call("GET", "/me", client=browser, params={"after": position_of(patched)})
    assert shown.json()["display_name"] == "Jo B."

    signed_out = platform.call(
        "DELETE", "/sessions/current", client=browser, headers={"X-CSRF-Token": csrf}
    )
    expect(signed_out, 204, "sign out by cookie")
    assert "quartier_session" not in {c.name for c in browser.cookies}
    expect(platform.call("GET", "/me", client=browser), 401, "GET /me after signing out")


def test_a_request_id_is_answered_and_becomes_the_events_correlation_id(
    platform: Platform,
) -> None:
    chosen = str(uuid.uuid4())
    body = {"email": platform.new_email(), "password": "correct horse battery"}
    signed_up = platform.call(
        "POST",
        "/residents",
        headers={"X-Request-Id": chosen},
        json={**body, "display_name": "Kim"},
    )
    expect(signed_up, 201, "sign up")
    assert signed_up.headers["X-Request-Id"] == chosen
    rid = signed_up.json()["resident_id"]
    caused = platform.events(f"identity.resident-{rid}")
    assert caused and all(e.metadata.get("correlation_id") == chosen for e in caused)

    session = platform.call("POST", "/sessions", headers={"X-Request-Id": "not a uuid"}, json=body)
    expect(session, 201, "sign in")
    made = session.headers["X-Request-Id"]
    assert made != "not a uuid" and uuid.UUID(made)

    auth = {"Authorization": f"Bearer {session.json()['token']}"}
    before = {e.event_id for e in platform.events(f"identity.resident-{rid}")}
    patched = platform.call("PATCH", "/me", headers=auth, json={"display_name": "Kim L."})
    expect(patched, 200, "PATCH /me")
    made = patched.headers["X-Request-Id"]
    assert uuid.UUID(made)
    changed = [e for e in platform.events(f"identity.resident-{rid}") if e.event_id not in before]
    assert changed and all(e.metadata.get("correlation_id") == made for e in changed)

    for answer in (platform.call("GET", "/openapi.json"), platform.call("GET", "/nowhere")):
        assert uuid.UUID(answer.headers["X-Request-Id"])


def test_no_log_holds_an_email_a_token_or_a_phone_number(platform: Platform) -> None:
    lea = platform.signed_in("Lea")
    platform.call("PATCH", "/me", headers=lea.auth, json={"phone": "+33 6 98 76 54 32"})
    platform.call("POST", "/sessions", json={"email": lea.email, "password": "wrong password"})
    platform.call("POST", "/residents", json={"email": lea.email, "password": "x"})
    logs = "\n".join(path.read_text(errors="replace") for path in platform.log_dir.glob("*.log"))
    for secret in ("@example.org", lea.token, lea.csrf_token, "98 76 54 32"):
        assert secret not in logs, "personal data or a secret in a log"
