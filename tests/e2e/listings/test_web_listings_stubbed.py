"""Every listings screen in headless Chromium, at 1280 and 375 px wide, against a stubbed API:
the web client served by the gateway's WSGI app, each /api/v1 answer canned by the browser's
router (the shapes of /work/shared/API.md and the listings plan). axe-core checks each screen;
the post flow is walked with the keyboard's controls (labels) and a photo file.

The same journey against the whole platform is test_listings_screens.py; this one needs no
service, so the screens are checked even where the listings service is not running.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, Route, expect
from werkzeug.routing import Map
from werkzeug.serving import make_server

from contracts.vocabulary import shown
from services.gateway.api.meta.refusals import SHOWN
from services.gateway.http.server import GatewayApp
from services.gateway.settings import WEB_DIR
from tests.support.browser import chromium, fresh_artifacts, shoot, watched

pytestmark = pytest.mark.usefixtures("browser_present")

ARTIFACTS = "listings-stubbed"
Q = "\N{RIGHT SINGLE QUOTATION MARK}"  # the typographic apostrophe of the French texts
ME = "00000000-0000-4000-8000-000000000001"
OTHER = "00000000-0000-4000-8000-000000000002"
HOOD = "00000000-0000-4000-8000-0000000000aa"
OTHER_HOOD = "00000000-0000-4000-8000-0000000000bb"
PHOTO = "00000000-0000-4000-8000-0000000000f1"
NOW = "2026-12-03T10:00:00Z"
# A 1x1 PNG: what GET /photos/{id} answers here.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f0005000201a5f0d8a30000000049454e44ae426082"
)


def card(listing_id: str, title: str, author: str = OTHER, **more: Any) -> dict[str, Any]:
    return {
        "listing_id": listing_id,
        "kind": "offer",
        "category": "loan",
        "title": title,
        "status": "open",
        "hidden": False,
        "neighbourhood_ids": [HOOD],
        "author": {"resident_id": author, "display_name": "Bastien", "street": "rue de la Paix"},
        "thumbnail_photo_id": PHOTO,
        "details": {"item": "Perceuse", "condition": "Bon état"},
        "published_at": NOW,
        "expires_at": "2027-01-02T10:00:00Z",
        "distance_m": 350,
        **more,
    }


def full(listing: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        **listing,
        "description": "Une perceuse à percussion,\navec ses mèches.",
        "photos": [PHOTO],
        "history": [{"type": "published", "at": NOW}],
        "responses_count": 1,
        "my_response": None,
        "chosen_response_id": None,
        **more,
    }


TRANSPORT = card(
    "00000000-0000-4000-8000-000000000b01",
    "Covoiturage vers la gare",
    category="transport",
    details={
        "from": {"lat": 46.66, "lon": 4.86, "label": "Place du marché"},
        "to": {"lat": 46.7, "lon": 4.9, "label": "Gare"},
        "seats": 3,
        "weekly": {"days": ["mon", "fri"], "time": "07:45"},
        "contribution_per_seat": 2.5,
    },
)
DRILL = card("00000000-0000-4000-8000-000000000b02", "Perceuse à prêter")
MINE = card(
    "00000000-0000-4000-8000-000000000b03",
    "Cherche une échelle",
    author=ME,
    kind="request",
    thumbnail_photo_id=None,
    distance_m=None,
)
HIDDEN = card("00000000-0000-4000-8000-000000000b04", "Annonce douteuse", hidden=True)
RESPONSE = {
    "response_id": "00000000-0000-4000-8000-000000000c01",
    "responder": {"resident_id": OTHER, "display_name": "Chloé"},
    "message": "Je peux vous prêter la mienne samedi.",
    "sent_at": NOW,
}

BOOKINGS: dict[str, Any] = {
    f"/listings/{HIDDEN['listing_id']}/availability": {
        "listing_id": HIDDEN["listing_id"], "from": "2026-03-01", "to": "2026-03-31",
        "owner": False, "category": "loan",
        "blocked": [{"start": "2026-03-20", "end": "2026-03-22"}],
        "booked": [{"start": "2026-03-07", "end": "2026-03-08", "starts_afternoon": False,
                    "ends_at_noon": True, "status": "accepted"}],
    },
    "/me/bookings": {"as_borrower": [], "as_owner": [{
        "booking_id": "00000000-0000-4000-8000-000000000d01", "listing_id": MINE["listing_id"],
        "title": "Perceuse", "role": "owner", "owner_id": ME, "borrower_id": OTHER,
        "other_name": "Chloé", "start": "2026-03-07", "end": "2026-03-08",
        "starts_afternoon": False, "ends_at_noon": False, "status": "requested",
        "overdue": False, "category": "rental", "price": "25.00", "deposit": "100.00",
        "message": "Pour une étagère", "reason": None, "cancelled_by": None, "requested_at": NOW,
    }]},
}  # fmt: skip
"""The bookings' screens: a calendar on a loan, my bookings with a request to answer."""

GETS: dict[str, Any] = {
    "/me": {
        "resident_id": ME,
        "display_name": "Alix",
        "language": "fr",
        "address": {"status": "verified"},
        "roles": [],
        "neighbourhoods": [
            {
                "neighbourhood_id": HOOD,
                "name": "Les Vignes",
                "status": "open",
                "role": "moderator",
                "since": NOW,
                "moderator_offer": False,
            },
            {
                "neighbourhood_id": OTHER_HOOD,
                "name": "Le Bourg",
                "status": "open",
                "role": "member",
                "since": NOW,
                "moderator_offer": False,
            },
        ],
    },
    "/config": {"map": None},
    "/refusals": SHOWN,
    "/vocabulary": shown(),
    f"/listings/{TRANSPORT['listing_id']}": full(TRANSPORT),
    f"/listings/{DRILL['listing_id']}": full(DRILL),
    f"/listings/{MINE['listing_id']}": full(MINE, photos=[]),
    f"/listings/{HIDDEN['listing_id']}": full(HIDDEN, reports_count=3),
    f"/listings/{MINE['listing_id']}/responses": {"responses": [RESPONSE]},
    "/me/listings": {"items": [MINE], "next_cursor": None},
    "/me/responses": {
        "items": [{**RESPONSE, "listing": DRILL, "listing_id": DRILL["listing_id"]}],
        "next_cursor": None,
    },
    f"/neighbourhoods/{HOOD}/reports": {
        "items": [
            {
                "listing": HIDDEN,
                "reports": [{"reason": "Arnaque probable", "at": NOW}],
            }
        ],
        "next_cursor": None,
    },
    **BOOKINGS,
}


class StubbedApi:
    """The canned API, and what the client sent to it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Any]] = []

    def __call__(self, route: Route) -> None:
        request = route.request
        url = urlsplit(request.url)
        path = url.path.removeprefix("/api/v1")
        query = parse_qs(url.query)
        if request.method != "GET":
            body = (
                request.post_data if "json" in (request.headers.get("content-type") or "") else None
            )
            self.sent.append((request.method, path, json.loads(body) if body else None))
            return self.answer_write(route, request.method, path)
        if path.startswith("/photos/"):
            return route.fulfill(status=200, body=PNG, content_type="image/png")
        if path == f"/neighbourhoods/{HOOD}/listings":
            return route.fulfill(json=self.board(query))
        if path in GETS:
            return route.fulfill(json=GETS[path])
        return route.fulfill(status=404, json={"error": {"code": "not_found", "message": "x"}})

    def board(self, query: dict[str, list[str]]) -> dict[str, Any]:
        if query.get("q") == ["perceuses"]:
            return {"items": [DRILL], "next_cursor": None}
        if "cursor" in query:
            return {"items": [MINE], "next_cursor": None}
        return {"items": [TRANSPORT, DRILL], "next_cursor": "page-2"}

    def answer_write(self, route: Route, method: str, path: str) -> None:
        if path == "/photos":
            return route.fulfill(status=201, json={"photo_id": PHOTO, "position": "p1"})
        if path == f"/neighbourhoods/{HOOD}/listings":
            return route.fulfill(
                status=201, json={"listing_id": DRILL["listing_id"], "position": "p2"}
            )
        return route.fulfill(status=201, json={"position": "p3"})


@pytest.fixture(scope="module")
def web_url() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, GatewayApp(Map([]), WEB_DIR), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def opened(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()


SCREENS = [
    ("/listings", "Annonces"),
    (f"/neighbourhoods/{HOOD}/listings", "Annonces de Les Vignes"),
    (
        f"/neighbourhoods/{HOOD}/listings/new?category=transport",
        "Publier une annonce dans Les Vignes",
    ),
    (f"/listings/{TRANSPORT['listing_id']}", TRANSPORT["title"]),
    (f"/listings/{MINE['listing_id']}", MINE["title"]),
    (f"/listings/{HIDDEN['listing_id']}", HIDDEN["title"]),
    (f"/listings/{MINE['listing_id']}/edit", f"Modifier l{Q}annonce"),
    ("/me/listings", "Mes annonces"),
    ("/me/responses", "Mes réponses"),
    (f"/neighbourhoods/{HOOD}/reports", "Annonces signalées de Les Vignes"),
    ("/me/bookings", "Mes réservations"),
]


@pytest.mark.parametrize("width", [1280, 375])
def test_every_listings_screen_is_accessible(tmp_path: Path, web_url: str, width: int) -> None:
    fresh_artifacts(f"{ARTIFACTS}-{width}")
    console: list[str] = []
    with chromium(tmp_path, width=width, height=800) as context:
        page = watched(context.new_page(), console)
        page.route("**/api/v1/**", StubbedApi())
        for path, heading in SCREENS:
            opened(page, web_url + path, heading)
            page.wait_for_load_state("networkidle")
            shoot(page, f"{ARTIFACTS}-{width}", path)
            overflow = page.evaluate("() => document.documentElement.scrollWidth > innerWidth")
            assert not overflow, f"{path} is wider than {width} px"
    assert not [m for m in console if m.startswith("pageerror")], console


def test_posting_a_loan_with_a_photo_sends_the_api_its_shape(tmp_path: Path, web_url: str) -> None:
    api = StubbedApi()
    photo = tmp_path / "perceuse.png"
    photo.write_bytes(PNG)
    with chromium(tmp_path) as context:
        page = watched(context.new_page(), [])
        page.route("**/api/v1/**", api)
        opened(
            page,
            f"{web_url}/neighbourhoods/{HOOD}/listings/new",
            "Publier une annonce dans Les Vignes",
        )
        page.get_by_label("Prêt").check()
        page.get_by_label("Offre", exact=True).check()
        # The title's length comes from the refusal catalogue the gateway serves.
        expect(page.get_by_label("Titre")).to_have_attribute("maxlength", "120")
        page.get_by_label("Titre").fill("Perceuse à prêter")
        page.get_by_label("Objet").fill("Perceuse")
        page.get_by_role("group", name="Montrer aussi dans").get_by_label("Le Bourg").check()
        page.get_by_label("Choisir des photos").set_input_files(str(photo))
        expect(page.get_by_text("Prête")).to_be_visible()
        shoot(page, ARTIFACTS, "post-filled")
        page.get_by_role("button", name="Publier").click()
        expect(page.get_by_role("heading", level=1, name=DRILL["title"])).to_be_visible()
    published = [
        body for method, path, body in api.sent if path == f"/neighbourhoods/{HOOD}/listings"
    ]
    assert published == [
        {
            "kind": "offer",
            "category": "loan",
            "title": "Perceuse à prêter",
            "description": "",
            "details": {"item": "Perceuse"},
            "photos": [PHOTO],
            "also_in": [OTHER_HOOD],
        }
    ]


def test_a_search_keeps_its_words_in_the_address_and_pages_on(tmp_path: Path, web_url: str) -> None:
    with chromium(tmp_path) as context:
        page = watched(context.new_page(), [])
        page.route("**/api/v1/**", StubbedApi())
        opened(page, f"{web_url}/neighbourhoods/{HOOD}/listings", "Annonces de Les Vignes")
        page.get_by_role("button", name=f"Afficher plus d{Q}annonces").click()
        expect(page.get_by_role("link", name=MINE["title"])).to_be_focused()
        page.get_by_label("Mots recherchés").fill("perceuses")
        page.get_by_role("button", name="Rechercher").click()
        expect(page).to_have_url(re.compile(r"\?q=perceuses$"))
        expect(page.get_by_role("link", name=DRILL["title"])).to_be_visible()
        expect(page.get_by_role("link", name=TRANSPORT["title"])).to_have_count(0)


def test_renewing_sends_the_day_its_author_chose(tmp_path: Path, web_url: str) -> None:
    api = StubbedApi()
    with chromium(tmp_path) as context:
        page = watched(context.new_page(), [])
        page.route("**/api/v1/**", api)
        opened(page, f"{web_url}/listings/{MINE['listing_id']}", MINE["title"])
        page.get_by_label(f"Visible jusqu{Q}au").fill("2027-01-15")
        page.get_by_role("button", name="Prolonger").click()
        expect(page.get_by_text("Votre annonce est prolongée.")).to_be_visible()
    renewed = [body for method, path, body in api.sent if path.endswith("/renew")]
    assert len(renewed) == 1
    # The end of that day in the resident's time zone, sent in UTC.
    assert set(renewed[0]) == {"expires_at"}
    assert re.match(r"^2027-01-1[56]T\d\d:\d\d:00\.000Z$", renewed[0]["expires_at"])
