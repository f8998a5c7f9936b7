"""A neighbourhood of the demo town through the gateway's HTTP API, as the end-to-end tests
set one up: founded around numbers 2 to 12 of rue de la Paix, joined by neighbours, read back
after each one's last change."""

from __future__ import annotations

from typing import Any

from tests.support.answers import answered
from tests.support.platform import Platform, Resident

WEST, EAST, SOUTH, NORTH = 4.8615, 4.8675, 46.6612, 46.6626
AROUND_2_TO_12 = {
    "type": "Polygon",
    "coordinates": [[[WEST, SOUTH], [EAST, SOUTH], [EAST, NORTH], [WEST, NORTH], [WEST, SOUTH]]],
}


def found(platform: Platform, founder: Resident, boundary: dict[str, Any] = AROUND_2_TO_12) -> str:
    """A neighbourhood founded by `founder`; its id (founder.position moves to its position)."""
    body = {"name": "La Paix", "description": "Entre voisins de la rue", "boundary": boundary}
    created = platform.call(
        "POST",
        "/neighbourhoods",
        headers=founder.auth,
        params={"after": founder.position},
        json=body,
    )
    shown = answered(created, 201, "found a neighbourhood")
    assert set(shown) == {"neighbourhood_id", "position"}
    founder.position = shown["position"]
    return str(shown["neighbourhood_id"])


def join(platform: Platform, resident: Resident, nid: str) -> str:
    joined = platform.call(
        "POST",
        f"/neighbourhoods/{nid}/members",
        headers=resident.auth,
        params={"after": resident.position},
    )
    position = str(answered(joined, 201, "join")["position"])
    resident.position = position
    return position


def get(platform: Platform, resident: Resident, path: str, after: str) -> dict[str, Any]:
    return answered(
        platform.call("GET", path, headers=resident.auth, params={"after": after}), 200, path
    )


def gathered(platform: Platform, founder: Resident, *members: Resident) -> str:
    """A neighbourhood `founder` founds and each of `members` joins once it shows; its id."""
    nid = found(platform, founder)
    for member in members:
        member.position = founder.position
        join(platform, member, nid)
    return nid
