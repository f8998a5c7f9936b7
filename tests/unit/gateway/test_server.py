"""The WSGI plumbing without Nameko: request ids, security headers, errors in the API's shape
for unknown routes and wrong methods, and the web client served safely."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from werkzeug.routing import Map
from werkzeug.test import Client

from services.gateway.http.server import GatewayApp


@pytest.fixture
def web(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("<!doctype html><title>q</title>")
    (tmp_path / "app.js").write_text("console.log(1)")
    (tmp_path / ".secret").write_text("no")
    return tmp_path


def client(web_dir: Path) -> Client:
    return Client(GatewayApp(Map([]), web_dir))


def test_every_answer_has_a_request_id_and_security_headers(web: Path) -> None:
    answer = client(web).get("/")
    uuid.UUID(answer.headers["X-Request-Id"])
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"]


def test_a_valid_incoming_request_id_is_kept_and_another_is_replaced(web: Path) -> None:
    mine = str(uuid.uuid4())
    assert client(web).get("/", headers={"X-Request-Id": mine}).headers["X-Request-Id"] == mine
    replaced = (
        client(web)
        .get("/", headers={"X-Request-Id": "not-a-uuid <script>"})
        .headers["X-Request-Id"]
    )
    uuid.UUID(replaced)


def test_an_unknown_api_route_is_404_in_the_error_shape(web: Path) -> None:
    answer = client(web).post("/api/v1/nothing")
    assert answer.status_code == 404
    assert json.loads(answer.data)["error"]["code"] == "not_found"
    assert answer.headers["Cache-Control"] == "no-store"


def test_writing_to_the_web_client_is_405(web: Path) -> None:
    answer = client(web).post("/")
    assert answer.status_code == 405
    assert json.loads(answer.data)["error"]["code"] == "method_not_allowed"


def test_files_are_served_with_their_type_and_revalidated(web: Path) -> None:
    answer = client(web).get("/app.js")
    assert answer.status_code == 200
    assert answer.mimetype == "text/javascript"
    assert "no-cache" in answer.headers["Cache-Control"]


def test_other_paths_get_index_html_for_history_routing(web: Path) -> None:
    answer = client(web).get("/neighbourhoods/42")
    assert (answer.status_code, answer.mimetype) == (200, "text/html")
    assert b"<title>q</title>" in answer.data


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/.secret"])
def test_no_path_escapes_the_web_folder_or_reveals_hidden_files(web: Path, path: str) -> None:
    answer = client(web).get(path)
    assert b"root:" not in answer.data
    assert answer.data != b"no"


def test_without_a_web_client_a_placeholder_page_is_served(tmp_path: Path) -> None:
    answer = client(tmp_path / "missing").get("/")
    assert (answer.status_code, answer.mimetype) == (200, "text/html")
    assert b"/api/v1/openapi.json" in answer.data


def test_files_that_are_not_web_assets_are_never_served(web: Path) -> None:
    (web / "README.md").write_text("notes")
    (web / "LICENSE").write_text("licence")
    for path in ("/README.md", "/LICENSE"):
        answer = client(web).get(path)
        assert answer.mimetype == "text/html" and b"notes" not in answer.data, path


def test_a_doubled_slash_redirects_to_a_relative_location_whatever_the_host() -> None:
    from werkzeug.routing import Rule

    app = GatewayApp(Map([Rule("/api/v1/openapi.json", endpoint="doc")]), Path("/nowhere"))
    answer = Client(app).get("/api//v1/openapi.json?x=1", headers={"Host": "evil.example"})
    assert answer.status_code == 308
    assert answer.headers["Location"] == "/api/v1/openapi.json?x=1"
