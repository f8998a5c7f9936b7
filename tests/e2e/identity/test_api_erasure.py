"""Erasure through the gateway, against the real platform: a resident who used their name, phone,
home and free text everywhere erases their account, and once the erasure is applied nothing of
theirs can be read in any file the platform wrote (SQLite databases with their write-ahead logs
and journals, letters, logs), raw bytes, in UTF-8 and its normal and case-folded forms.

Homes (identity/data/ban-demo.csv, rue de la Paix, 71999 Bourg-Démo): the founder lives at 2,
the erased resident at 8, both inside the neighbourhood's square. The resident types their line
as "8, R. de la Paix": the demo address base knows the door, but not that spelling, so that the
spelling is theirs alone.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.contract.platform.on_disk import files_holding
from tests.support import eventually
from tests.support.answers import expect
from tests.support.platform import PASSWORD, Platform, Resident

pytestmark = pytest.mark.rabbitmq

WEST, EAST, SOUTH, NORTH = 4.8615, 4.8675, 46.6612, 46.6626
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[WEST, SOUTH], [EAST, SOUTH], [EAST, NORTH], [WEST, NORTH], [WEST, SOUTH]]],
}
SCRUB_SECONDS = 30.0


def canaries() -> dict[str, str]:
    tag = uuid.uuid4().hex[:8]
    digits = f"{int(tag, 16) % 10**8:08d}"
    return {
        "first display name": f"Zéphyrine Q{tag}",
        "display name": f"Anaïs Ŵ{tag}",
        "phone": f"+33 6 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}",
        "street line": "8, R. de la Paix",
        "rejoin message": f"Pardon, je ne recommencerai pas {tag}",
    }


def answered(platform: Platform, method: str, path: str, who: Resident, **kw: Any) -> Any:
    answer = platform.call(method, path, headers=who.auth, **kw)
    expect(answer, {"GET": 200, "POST": 201}.get(method, 200), f"{method} {path}")
    body = answer.json()
    if isinstance(body, dict) and "position" in body:
        who.position = str(body["position"])
    return body


def test_an_erased_resident_leaves_nothing_readable_in_any_file(platform: Platform) -> None:
    values = canaries()
    founder = platform.verified(2, "Founder")
    resident = platform.sign_in(platform.sign_up(values["first display name"]))
    answered(
        platform,
        "PATCH",
        "/me",
        resident,
        json={"display_name": values["display name"], "phone": values["phone"]},
    )
    home = {
        "line": values["street line"],
        "postcode": "71999",
        "city": "Bourg-Démo",
        "country": "FR",
    }
    platform.verify_by_letter(resident, home)

    body = {"name": "La Paix", "description": "Entre voisins", "boundary": SQUARE}
    nid = answered(platform, "POST", "/neighbourhoods", founder, json=body)["neighbourhood_id"]
    answered(
        platform,
        "POST",
        f"/neighbourhoods/{nid}/members",
        resident,
        params={"after": founder.position},
    )
    removed = platform.call(
        "DELETE",
        f"/neighbourhoods/{nid}/members/{resident.resident_id}",
        headers=founder.auth,
        params={"after": resident.position},
        json={"reason": "Annonces répétées"},
    )
    expect(removed, 200, "remove a member")
    answered(
        platform,
        "POST",
        f"/neighbourhoods/{nid}/rejoin-requests",
        resident,
        params={"after": removed.json()["position"]},
        json={"message": values["rejoin message"]},
    )
    seen = answered(
        platform, "GET", f"/neighbourhoods/{nid}", founder, params={"after": resident.position}
    )
    assert [r["display_name"] for r in seen["rejoin_requests"]] == [values["display name"]]
    before = files_holding(platform.data_dir, values)
    assert {f.split(" in ")[0] for f in before} >= {"display name", "phone", "rejoin message"}
    assert not any(f.startswith("street line in outbox") for f in before), "used letter kept"

    erased = platform.call("DELETE", "/me", headers=resident.auth, json={"password": PASSWORD})
    expect(erased, 202, "erase my account")
    position = erased.json()["position"]
    # Both services have applied the erasure once another member sees it.
    shown = answered(platform, "GET", f"/neighbourhoods/{nid}", founder, params={"after": position})
    assert [r["display_name"] for r in shown["rejoin_requests"]] in ([], [None])
    answered(platform, "GET", "/me", founder, params={"after": position})

    # The scrub follows each commit at once; wait for it, bounded.
    eventually(
        lambda: not files_holding(platform.log_dir, values),
        timeout=SCRUB_SECONDS,
        what="no file still readable after erasure",
    )
