"""The web client's limits are the refusal catalogue's, served by the gateway (GET
/api/v1/refusals): no length or area is written in the client a second time."""

from __future__ import annotations

import re
from pathlib import Path

from contracts.refusals import catalogue
from services.gateway.api.meta.refusals import SHOWN, Refusals

WEB = Path(__file__).resolve().parents[3] / "services" / "gateway" / "web" / "js"
# A French postcode's five digits: the form's format, not a rule of the server.
FORMATS = {("features/identity/address.js", "5")}


def test_the_gateway_serves_every_refusal_with_its_limits() -> None:
    assert Refusals().validate(SHOWN) == {}
    served = SHOWN["refusals"]
    assert set(served) == set(catalogue())
    for code, refusal in catalogue().items():
        assert served[code]["limits"] == dict(refusal.limits)
        assert (served[code]["code"], served[code]["status"]) == (
            refusal.answered_code,
            refusal.status,
        )


def test_no_form_of_the_client_writes_a_length_of_its_own() -> None:
    written = {
        (str(path.relative_to(WEB)), number)
        for path in WEB.rglob("*.js")
        for number in re.findall(r"\bmax(?:length|Length)\s*:\s*(\d+)", path.read_text())
    }
    assert written <= FORMATS


def test_the_boundary_limits_the_client_checks_are_declared() -> None:
    declared = {
        ("invalid_boundary", "max_vertices"),
        ("boundary_too_small", "min_area_km2"),
        ("boundary_too_large", "max_area_km2"),
    }
    for code, name in declared:
        assert name in catalogue()[code].limits
