"""Listings through the gateway's HTTP API, against the real platform: neighbours of rue de la
Paix post an offer with a photo and a request, a third finds both by searching a plural without
its accents and responds; the photo served has lost its GPS position; a resident of the street
who is not a member is refused the board and never learns the listings exist; three reports
hide a listing until a moderator restores it, each step in the neighbourhood's moderation log.

Homes (identity/data/ban-demo.csv, rue de la Paix): 2, 6, 8, 10 and 12 lie inside
AROUND_2_TO_12 (tests/e2e/neighbourhoods); 4 too, but its resident does not join.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from tests.support.answers import answered, assert_error
from tests.support.neighbours import gathered
from tests.support.platform import Platform, Resident

pytestmark = pytest.mark.rabbitmq

GPS_IFD = 0x8825


def photo_with_gps() -> bytes:
    """A JPEG whose EXIF says where it was taken."""
    image = Image.new("RGB", (640, 480), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Phone"
    exif[GPS_IFD] = {1: "N", 2: (46.0, 39.0, 42.0), 3: "E", 4: (4.0, 51.0, 44.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(out.getvalue())).getexif().get_ifd(GPS_IFD), "no GPS to drop"
    return out.getvalue()


def post(platform: Platform, who: Resident, path: str, body: dict[str, Any], status: int) -> Any:
    answer = platform.call(
        "POST", path, headers=who.auth, params={"after": who.position}, json=body
    )
    shown = answered(answer, status, f"POST {path}")
    who.position = shown.get("position") or who.position
    return shown


def get(platform: Platform, who: Resident, path: str, after: str, **params: Any) -> Any:
    answer = platform.call("GET", path, headers=who.auth, params={"after": after, **params})
    return answered(answer, 200, f"GET {path}")


def test_neighbours_post_find_respond_and_moderate_listings(platform: Platform) -> None:
    ada, bob, cleo = (
        platform.verified(2, "Ada"),
        platform.verified(8, "Bob"),
        platform.verified(12, "Cleo"),
    )
    dan, fay = platform.verified(6, "Dan"), platform.verified(10, "Fay")
    eve = platform.verified(4, "Eve")
    nid = gathered(platform, ada, bob, cleo, dan, fay)

    # Bob offers a shelf with a photo taken by his phone; Cleo asks for one.
    uploaded = platform.call(
        "POST",
        "/photos",
        headers=bob.auth,
        files={"file": ("etagere.jpg", photo_with_gps(), "image/jpeg")},
    )
    photo = answered(uploaded, 201, "upload a photo")
    photo_id, bob.position = photo["photo_id"], photo["position"]
    offer = post(platform, bob, f"/neighbourhoods/{nid}/listings", {
        "kind": "offer", "category": "giveaway", "title": "Étagère en chêne",
        "description": "Trois étagères à donner.", "details": {"allocation": "first_come"},
        "photos": [photo_id],
    }, 201)  # fmt: skip
    request = post(platform, cleo, f"/neighbourhoods/{nid}/listings", {
        "kind": "request", "category": "loan", "title": "Cherche une étagère",
        "description": "Pour le garage.", "details": {"item": "étagère"},
    }, 201)  # fmt: skip

    # Dan searches a plural without its accents, and finds both.
    board = get(platform, dan, f"/neighbourhoods/{nid}/listings", cleo.position, q="etageres")
    assert {c["listing_id"] for c in board["items"]} == {
        offer["listing_id"],
        request["listing_id"],
    }
    card = next(c for c in board["items"] if c["listing_id"] == offer["listing_id"])
    assert (card["thumbnail_photo_id"], card["author"]["display_name"]) == (photo_id, "Bob")

    # The photo served is the re-encoded copy: no GPS, no EXIF at all.
    served = platform.call("GET", f"/photos/{photo_id}", headers=dan.auth, params={"size": "full"})
    assert served.status_code == 200 and served.headers["Content-Type"].startswith("image/")
    image = Image.open(io.BytesIO(served.content))
    assert image.size == (640, 480)
    assert not image.getexif().get_ifd(GPS_IFD) and not image.info.get("exif")

    responded = post(
        platform,
        dan,
        f"/listings/{offer['listing_id']}/responses",
        {"message": "Je passe ce soir ?"},
        201,
    )
    responses = get(platform, bob, f"/listings/{offer['listing_id']}/responses", dan.position)
    assert [r["response_id"] for r in responses["items"]] == [responded["response_id"]]

    # Eve lives in the street but is no member: no board, and no listing of it exists for her.
    outside = platform.call(
        "GET", f"/neighbourhoods/{nid}/listings", headers=eve.auth, params={"after": dan.position}
    )
    assert_error(outside, 403, "not_a_member")
    hidden_from_eve = platform.call("GET", f"/listings/{offer['listing_id']}", headers=eve.auth)
    assert_error(hidden_from_eve, 404, "not_found")
    assert_error(platform.call("GET", f"/photos/{photo_id}", headers=eve.auth), 404, "not_found")

    # Three members report Cleo's request: it is hidden, pending a moderator.
    path = f"/listings/{request['listing_id']}"
    for reporter in (bob, dan, fay):
        reporter.position = cleo.position
        post(platform, reporter, f"{path}/reports", {"reason": "Pas une vraie demande."}, 201)
    assert_error(
        platform.call("GET", path, headers=dan.auth, params={"after": fay.position}),
        404,
        "not_found",
    )
    queue = get(platform, ada, f"/neighbourhoods/{nid}/reports", fay.position)
    assert [r["listing_id"] for r in queue["items"]] == [request["listing_id"]]
    assert get(platform, ada, path, fay.position)["hidden"] is True

    # Ada, the founder, restores it: members see it again, and the log says so.
    ada.position = fay.position
    post(
        platform,
        ada,
        f"{path}/moderation",
        {"decision": "restore", "reason": "Demande sincère."},
        200,
    )
    restored = get(platform, dan, path, ada.position)
    assert (restored["hidden"], restored["status"]) == (False, "open")
    log = get(platform, cleo, f"/neighbourhoods/{nid}/moderation-log", ada.position)["entries"]
    about = [e for e in log if e.get("listing_id") == request["listing_id"]]
    assert {e["action"] for e in about} >= {"listing_hidden", "listing_restored"}
