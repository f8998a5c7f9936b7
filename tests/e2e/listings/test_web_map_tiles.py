"""Maps with streets: when the installation names a tile server, the gateway's CSP lets its
images in and the client's maps load them, credited; without one, the maps stay blank and ask
no other host for anything. The web client is served by the gateway's WSGI app; the API and the
tile server are stubbed in the browser."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Route, expect
from werkzeug.routing import Map
from werkzeug.serving import make_server

from services.gateway.http.server import GatewayApp
from services.gateway.http.tiles import MapTiles, map_tiles
from services.gateway.settings import WEB_DIR
from tests.e2e.listings.test_web_listings_stubbed import PNG
from tests.support.browser import assert_accessible, chromium, watched

pytestmark = pytest.mark.usefixtures("browser_present")

TILES = map_tiles("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "© Contributeurs Exemple")
ME = {
    "resident_id": "00000000-0000-4000-8000-000000000001",
    "display_name": "Alix",
    "language": "fr",
    "address": {"status": "verified", "home": {"lat": 46.6619, "lon": 4.8623}},
    "roles": [],
    "neighbourhoods": [],
}


@contextmanager
def served(tiles: MapTiles | None) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, GatewayApp(Map([]), WEB_DIR, tiles), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.mark.parametrize("tiles", [TILES, None], ids=["with-tiles", "blank"])
def test_the_map_shows_streets_only_from_the_named_tile_server(
    tmp_path: Path, tiles: MapTiles | None
) -> None:
    config = {"map": tiles.client_config() if tiles else None}
    answers = {"/me": ME, "/config": config, "/neighbourhoods": {"neighbourhoods": []}}
    tiles_asked: list[str] = []
    elsewhere: list[str] = []
    console: list[str] = []

    def api(route: Route) -> None:
        path = route.request.url.split("/api/v1", 1)[1].split("?", 1)[0]
        route.fulfill(json=answers.get(path, {}))

    def tile(route: Route) -> None:
        tiles_asked.append(route.request.url)
        route.fulfill(body=PNG, content_type="image/png")

    with served(tiles) as base, chromium(tmp_path) as context:
        page = watched(context.new_page(), console)
        page.route("**/api/v1/**", api)
        page.route("https://*.tiles.example.org/**", tile)
        page.on(
            "request",
            lambda request: None if request.url.startswith(base) else elsewhere.append(request.url),
        )
        page.goto(base + "/neighbourhoods/new")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator(".leaflet-container")).to_be_visible()
        if tiles:
            expect(page.locator("img.leaflet-tile-loaded").first).to_be_visible()
            expect(page.locator(".leaflet-control-attribution")).to_have_text(tiles.attribution)
            assert tiles_asked and all(".tiles.example.org/" in url for url in tiles_asked)
        else:
            # The map is drawn (its home marker) before looking for what was not asked.
            expect(page.locator(".leaflet-interactive").first).to_be_attached()
            assert page.locator("img.leaflet-tile").count() == 0
            assert elsewhere == []
        assert_accessible(page, f"map {'with' if tiles else 'without'} tiles")
    assert not [m for m in console if "Content Security Policy" in m or "pageerror" in m], console
