"""The operators' API and pages against the real platform (the ops service, identity, the
gateway): a resident who is not an operator is refused everywhere; an operator reads a stream as
of a position, a correlation and a resident's trail (the reading recorded, naming the operator),
and approves a proof of address, which verifies the resident's address. The last test walks the
same pages in headless Chromium on a 375px-wide phone, checking each with axe-core (screenshots
under test-artifacts/web/ops/); it shares the module's platform rather than starting another.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image
from playwright.sync_api import Page
from playwright.sync_api import expect as shown_on

from contracts.ops.events import audit_stream
from services.eventstore.sealing import is_sealed
from tests.e2e.neighbourhoods.test_api_boundary import as_operator
from tests.support.answers import assert_error, expect
from tests.support.browser import (
    assert_nothing_personal,
    chromium,
    fresh_artifacts,
    shoot,
    sign_in,
    watched,
)
from tests.support.platform import Platform, Resident, demo_address

pytestmark = pytest.mark.rabbitmq

PDF = b"%PDF-1.7\n" + b"a scanned water bill " * 40
READ = "ops.ResidentAuditRead"
ARTIFACTS = "ops"
PHONE = 375


def get(platform: Platform, who: Resident, path: str, **query: str) -> requests.Response:
    return platform.call("GET", path, headers=who.auth, params=query)


@pytest.fixture(scope="module")
def operator(platform: Platform) -> tuple[Resident, str]:
    """A resident granted the operator role, and the position of the grant."""
    olga = platform.signed_in("Olga")
    return olga, as_operator(platform, olga)


def test_a_resident_who_is_not_an_operator_is_refused_everywhere(platform: Platform) -> None:
    nina = platform.signed_in("Nina")
    some = nina.resident_id
    for method, path, body in (
        ("GET", "/ops/status", None),
        ("GET", f"/ops/audit/streams/identity.resident-{some}", None),
        ("GET", f"/ops/audit/residents/{some}?reason=curious", None),
        ("GET", f"/ops/audit/correlations/{some}", None),
        ("GET", "/ops/proofs", None),
        ("POST", f"/ops/proofs/{some}/decision", {"decision": "approve"}),
    ):
        answer = platform.call(method, path, headers=nina.auth, json=body)
        assert_error(answer, 403, "forbidden")
    visitor = platform.call("GET", "/ops/status")
    assert_error(visitor, 401, "unauthenticated")


def test_an_operator_sees_where_the_platform_stands(
    platform: Platform, operator: tuple[Resident, str]
) -> None:
    olga, granted = operator
    answer = get(platform, olga, "/ops/status", after=granted)
    expect(answer, 200, "GET /ops/status")
    status = answer.json()
    assert status["log"]["head"] is not None
    assert "ops.operators" in {row["name"] for row in status["subscribers"]}


def test_an_operator_reads_a_stream_as_of_a_position_and_a_correlation(
    platform: Platform, operator: tuple[Resident, str]
) -> None:
    olga, granted = operator
    bea = platform.signed_in("Bea")
    stream = f"identity.resident-{bea.resident_id}"
    before = platform.events(stream)[-1]
    renamed = platform.call("PATCH", "/me", headers=bea.auth, json={"display_name": "Beatrix"})
    expect(renamed, 200, "PATCH /me")

    then = get(
        platform, olga, f"/ops/audit/streams/{stream}", as_of=str(before.position), after=granted
    )
    expect(then, 200, "a stream as of a position")
    found = then.json()
    assert (found["version"], found["state"]["display_name"]) == (before.version, "Bea")
    changed = [e for e in found["after"] if e["type"] == "identity.ProfileChanged"]
    assert [e["data"]["display_name"] for e in changed] == ["Beatrix"]

    whole = get(platform, olga, f"/ops/audit/streams/{stream}").json()["events"]
    assert [e["position"] for e in whole][-len(found["after"]) :] == [
        e["position"] for e in found["after"]
    ]
    correlation = changed[0]["correlation_id"]
    caused = get(platform, olga, f"/ops/audit/correlations/{correlation}")
    expect(caused, 200, "a correlation")
    assert changed[0]["event_id"] in {e["event_id"] for e in caused.json()["events"]}

    assert_error(
        get(platform, olga, f"/ops/audit/streams/{stream}", as_of="soon"),
        422,
        "invalid_as_of",
        {"as_of"},
    )
    assert_error(
        get(platform, olga, "/ops/audit/streams/identity.resident-nobody"), 404, "not_found"
    )


def test_reading_a_residents_trail_is_recorded_naming_the_operator(
    platform: Platform, operator: tuple[Resident, str]
) -> None:
    olga, granted = operator
    cleo = platform.signed_in("Cleo")
    path = f"/ops/audit/residents/{cleo.resident_id}"
    assert_error(get(platform, olga, path, after=granted), 422, "validation_failed", {"reason"})

    read = get(platform, olga, path, reason="Cleo asked what we hold", after=granted)
    expect(read, 200, "a resident's trail")
    trail = read.json()
    assert trail["erased"] is False
    assert "identity.ResidentRegistered" in {e["type"] for e in trail["events"]}

    # The reading without a reason came first: only the one with its reason is recorded.
    recorded = platform.events(audit_stream(olga.resident_id))
    assert [e.type for e in recorded] == [READ]
    reading: Any = recorded[0]
    assert reading.metadata["actor"] == f"resident:{olga.resident_id}"
    assert (reading.data["operator"], reading.data["resident_id"]) == (
        olga.resident_id,
        cleo.resident_id,
    )
    assert reading.data["events_shown"] == len(trail["events"])
    # The operator's words, sealed with their key (contracts/ops/events.py).
    assert is_sealed(reading.data["reason"])
    [decoded] = platform.decoded([reading])
    assert decoded.reason == "Cleo asked what we hold"
    assert str(reading.position) == trail["position"]


def awaiting_review(
    platform: Platform, name: str, line: str, document: tuple[str, bytes, str]
) -> tuple[Resident, str]:
    """A resident who declared an address unknown to the map and sent `document` to prove it;
    the position of the upload."""
    resident = platform.signed_in(name)
    unknown = {**demo_address(), "line": line, "method": "document"}
    declared = platform.call("PUT", "/me/address", headers=resident.auth, json=unknown)
    expect(declared, 202, "declare an address for review")
    sent = platform.call(
        "POST", "/me/address/proof", headers=resident.auth, files={"document": document}
    )
    expect(sent, 202, "upload a proof")
    return resident, str(sent.json()["position"])


def test_approving_a_proof_verifies_the_residents_address(
    platform: Platform, operator: tuple[Resident, str]
) -> None:
    olga, granted = operator
    eve, uploaded = awaiting_review(
        platform, "Eve", "997 chemin des Nulle-Part", ("bill.pdf", PDF, "application/pdf")
    )
    queued = get(platform, olga, "/ops/proofs", after=max(granted, uploaded, key=int))
    expect(queued, 200, "GET /ops/proofs")
    (proof,) = [p for p in queued.json()["proofs"] if p["resident_id"] == eve.resident_id]
    document = f"/ops/proofs/{proof['document_id']}"

    shown = get(platform, olga, f"{document}/document")
    expect(shown, 200, "the document")
    assert (shown.headers["Content-Type"], shown.content) == ("application/pdf", PDF)
    no_reason = platform.call(
        "POST", f"{document}/decision", headers=olga.auth, json={"decision": "reject"}
    )
    assert_error(no_reason, 422, "validation_failed", {"reason"})

    approved = platform.call(
        "POST", f"{document}/decision", headers=olga.auth, json={"decision": "approve"}
    )
    expect(approved, 200, "approve the proof")
    me = get(platform, eve, "/me", after=approved.json()["position"])
    expect(me, 200, "GET /me")
    assert (me.json()["address"]["status"], me.json()["address"]["method"]) == (
        "verified",
        "document",
    )
    again = platform.call(
        "POST", f"{document}/decision", headers=olga.auth, json={"decision": "approve"}
    )
    assert_error(again, 404, "not_found")


def png() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (320, 200), (210, 220, 200)).save(picture, "PNG")
    return picture.getvalue()


def fits(page: Page, step: str, *, checked: bool = True) -> None:
    """The page is no wider than the phone; `checked`: axe-core and a screenshot too (each
    screen once: another step of the same screen only has its width checked)."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE, f"{step}: the page is {width}px wide on a {PHONE}px screen"
    if checked:
        shoot(page, ARTIFACTS, step)


@pytest.mark.usefixtures("browser_present")
def test_an_operator_walks_the_ops_pages_on_a_phone(
    platform: Platform, operator: tuple[Resident, str], tmp_path: Path
) -> None:
    fresh_artifacts(ARTIFACTS)
    olga, _granted = operator
    finn, _uploaded = awaiting_review(
        platform, "Finn", "996 chemin des Nulle-Part", ("lease.png", png(), "image/png")
    )
    stream = f"identity.resident-{finn.resident_id}"
    first = platform.events(stream)[0]
    console: list[str] = []
    with chromium(tmp_path, width=PHONE, height=740) as context:
        page = watched(context.new_page(), console)
        sign_in(page, platform.base_url, olga.email, olga.password)
        page.get_by_role("link", name="Opérations").click()
        shown_on(page.get_by_role("heading", name="État de la plateforme", level=1)).to_be_visible()
        shown_on(page.get_by_text("ops.operators", exact=False).first).to_be_visible()
        fits(page, "status")

        page.get_by_role("link", name="Audit du journal").click()
        by_stream = page.get_by_role("form", name="Un flux")
        by_stream.get_by_label("Nom du flux").fill(stream)
        by_stream.get_by_label(re.compile("^À la date de")).fill(str(first.position))
        by_stream.get_by_role("button", name="Lire").click()
        heading = page.get_by_role("heading", name=f"{stream} à la date de {first.position}")
        shown_on(heading).to_be_focused()
        shown_on(page.get_by_label("État", exact=True)).to_contain_text('"display_name": "Finn"')
        fits(page, "stream-as-of")

        by_resident = page.get_by_role("form", name="Un habitant")
        by_resident.get_by_label(re.compile("^Identifiant de l.habitant")).fill(finn.resident_id)
        by_resident.get_by_role("button", name="Lire").click()
        shown_on(by_resident.get_by_label(re.compile("^Pourquoi"))).to_have_attribute(
            "aria-invalid", "true"
        )
        by_resident.get_by_label(re.compile("^Pourquoi")).fill("Finn's proof looks odd")
        by_resident.get_by_role("button", name="Lire").click()
        shown_on(page.get_by_role("heading", name=f"Habitant {finn.resident_id}")).to_be_focused()
        fits(page, "resident-trail", checked=False)
        recorded = platform.events(audit_stream(olga.resident_id))
        assert [(e.type, e.data["resident_id"]) for e in recorded][-1] == (READ, finn.resident_id)

        page.get_by_role("link", name="Justificatifs de domicile").click()
        decision = page.get_by_role("form", name=re.compile("^Décision sur le justificatif"))
        shown_on(decision).to_have_count(1)
        picture = page.get_by_role("img", name=re.compile("^Le justificatif envoyé"))
        shown_on(picture).to_be_visible()
        # Loaded, not merely laid out: the document itself came from the gateway.
        page.wait_for_function("() => document.querySelector('.ops-document img')?.complete")
        assert picture.evaluate("(img) => img.naturalWidth") == 320
        decision.get_by_label("Refuser").check()
        decision.get_by_role("button", name="Décider").click()
        reason = decision.get_by_label("Raison")
        shown_on(reason).to_have_attribute("aria-invalid", "true")
        shown_on(reason).to_have_accessible_description(re.compile("^Dites pourquoi"))
        fits(page, "proof-reason-required")

        decision.get_by_label(re.compile("^Accepter")).check()
        decision.get_by_role("button", name="Décider").press("Enter")
        shown_on(page.get_by_text(re.compile("^Justificatif accepté"))).to_be_visible()
        shown_on(page.get_by_text(re.compile("^Aucun justificatif n.attend"))).to_be_visible()
        fits(page, "proof-approved", checked=False)
    me = platform.call("GET", "/me", headers=finn.auth).json()
    assert me["address"]["status"] == "verified"
    assert_nothing_personal(console, olga.email, olga.password, finn.email)
