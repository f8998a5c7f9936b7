"""Map tiles: named by the operator, served to the web client and allowed by the CSP for images
only; without them, the blank maps and the CSP of this origin alone."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.routing import Map
from werkzeug.test import Client

from services.gateway.api.meta.config import ClientConfig, client_config
from services.gateway.http.server import GatewayApp
from services.gateway.settings import gateway_settings

OSM = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
CREDIT = "© OpenStreetMap contributors"


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def served_csp(tmp_path: Path, config: dict[str, str]) -> dict[str, list[str]]:
    (tmp_path / "index.html").write_text("<!doctype html><title>q</title>")
    app = GatewayApp(Map([]), tmp_path, gateway_settings(config).tiles)
    return directives(Client(app).get("/").headers["Content-Security-Policy"])


def test_without_tiles_images_come_from_this_origin_only(tmp_path: Path) -> None:
    csp = served_csp(tmp_path, {})
    assert csp["img-src"] == ["'self'", "data:", "blob:"]
    assert csp["connect-src"] == ["'self'"]
    assert gateway_settings({}).tiles is None


def test_with_tiles_the_tile_host_may_serve_images_and_nothing_else(tmp_path: Path) -> None:
    config = {"QUARTIER_MAP_TILES": OSM, "QUARTIER_MAP_ATTRIBUTION": CREDIT}
    csp = served_csp(tmp_path, config)
    assert csp["img-src"] == ["'self'", "data:", "blob:", "https://*.tile.openstreetmap.org"]
    for name, values in csp.items():
        if name != "img-src":
            assert not any("openstreetmap" in value for value in values), name


def test_a_tile_server_on_a_port_of_its_own_keeps_it(tmp_path: Path) -> None:
    config = {
        "QUARTIER_MAP_TILES": "https://tiles.example.org:8443/osm/{z}/{x}/{y}.png?key=k",
        "QUARTIER_MAP_ATTRIBUTION": "Example",
    }
    assert served_csp(tmp_path, config)["img-src"][-1] == "https://tiles.example.org:8443"


@pytest.mark.parametrize(
    "template",
    [
        "http://tile.example.org/{z}/{x}/{y}.png",  # not over https
        "https://tile.example.org/tiles.png",  # no placeholders
        "https://user:pw@tile.example.org/{z}/{x}/{y}.png",
        "https://tile.example.org; script-src *; /{z}/{x}/{y}.png",  # a CSP injection
        "https://*.example.org/{z}/{x}/{y}.png",
        "javascript:alert(1)//{z}/{x}/{y}",
        "tiles.example.net/{z}/{x}/{y}.png",  # no scheme
    ],
)
def test_a_template_that_is_no_tile_server_stops_the_start_with_its_name(template: str) -> None:
    with pytest.raises(ValueError, match="QUARTIER_MAP_TILES") as raised:
        gateway_settings({"QUARTIER_MAP_TILES": template, "QUARTIER_MAP_ATTRIBUTION": "x"})
    assert template not in str(raised.value)


def test_tiles_without_their_attribution_stop_the_start() -> None:
    with pytest.raises(ValueError, match="QUARTIER_MAP_ATTRIBUTION"):
        gateway_settings({"QUARTIER_MAP_TILES": OSM})


def test_a_local_tile_server_may_use_http() -> None:
    config = {
        "QUARTIER_MAP_TILES": "http://localhost:8080/{z}/{x}/{y}.png",
        "QUARTIER_MAP_ATTRIBUTION": "x",
    }
    tiles = gateway_settings(config).tiles
    assert tiles is not None and tiles.source == "http://localhost:8080"


@pytest.mark.parametrize(
    "config", [{}, {"QUARTIER_MAP_TILES": OSM, "QUARTIER_MAP_ATTRIBUTION": CREDIT}]
)
def test_the_client_config_names_the_tiles_or_none(config: dict[str, str]) -> None:
    door = SimpleNamespace(access=SimpleNamespace(settings=gateway_settings(config)))
    reply = client_config(door, SimpleNamespace())  # type: ignore[arg-type]
    assert reply.status == 200
    assert ClientConfig().validate(reply.body) == {}
    expected = {"tiles": OSM, "attribution": CREDIT} if config else None
    assert reply.body == {"map": expected}
