"""The gateway's WSGI plumbing around Nameko's web server.

For every request: a request id (X-Request-Id: a valid incoming UUID is kept, else a new one),
security headers, errors in the API's one shape for unknown routes (404) and wrong methods
(405), the web client for every path outside /api, and one log line: method, route template,
status, duration and request id, never a path's values, a body or a header's value.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from nameko.web.server import WebServer
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, RequestRedirect
from werkzeug.wrappers import Request, Response

from services.gateway.http import static
from services.gateway.http.errors import ApiError, internal, method_not_allowed, not_found
from services.gateway.http.routing import root_rules
from services.gateway.http.tiles import MapTiles
from services.gateway.settings import gateway_settings

log = logging.getLogger("quartier.gateway")
access_log = logging.getLogger("quartier.gateway.access")

REQUEST_ID = "quartier.request_id"
ROUTE = "quartier.route"
# The Content-Security-Policy, its image sources left to fill: this origin only, and the tile
# server's host when maps show streets.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
IMAGES = "'self' data: blob:"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def content_security_policy(tiles: MapTiles | None) -> str:
    """The CSP: everything from this origin only, and map images from the tile server when one is
    configured (its host alone, for images alone)."""
    return CSP.format(images=IMAGES if tiles is None else f"{IMAGES} {tiles.source}")


def request_id(incoming: str | None) -> str:
    try:
        return str(uuid.UUID(incoming or ""))
    except ValueError:
        return str(uuid.uuid4())


def error_response(error: ApiError) -> Response:
    response = Response(json.dumps(error.body()), status=error.status, mimetype="application/json")
    for name, value in error.headers.items():
        response.headers[name] = value
    return response


def clean_path_redirect(new_url: str) -> Response:
    """A redirect to `new_url`'s path and query only. werkzeug writes the absolute URL from the
    request's Host header, which a client chooses: a relative Location cannot send anyone to
    another site. Leading slashes are folded, so that it never reads as //host/..."""
    parts = urlsplit(new_url)
    location = "/" + parts.path.lstrip("/")
    if parts.query:
        location += "?" + parts.query
    response = Response(status=308)
    response.headers["Location"] = location
    return response


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


class GatewayServer(WebServer):
    """Nameko's WebServer with the gateway's WSGI application."""

    def get_wsgi_app(self) -> GatewayApp:
        settings = gateway_settings(self.container.config)
        return GatewayApp(self.make_url_map(), settings.web_dir, settings.tiles)

    def context_data_from_headers(self, request: Request) -> dict[str, Any]:
        return {"correlation_id": request.environ.get(REQUEST_ID)}


class GatewayApp:
    def __init__(self, url_map: Map, web_dir: Any, tiles: MapTiles | None = None) -> None:
        self.url_map = url_map
        self.web_dir = web_dir
        self.csp = content_security_policy(tiles)
        self.roots = root_rules()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        started = time.monotonic()
        rid = request_id(environ.get("HTTP_X_REQUEST_ID"))
        environ[REQUEST_ID] = rid
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            # eventlet ends a chunked body itself: werkzeug may then read it, up to our caps.
            environ["wsgi.input_terminated"] = True
        request = Request(environ, shallow=True)
        try:
            response = self._dispatch(request, environ)
        except Exception as exc:  # the last net: one line, no trace, no value
            log.error("request %s failed: %s", rid, type(exc).__name__)
            response = error_response(internal())
        self._finish(response, request, rid)
        access_log.info(
            "method=%s route=%s status=%d duration_ms=%.1f request_id=%s",
            request.method,
            environ.get(ROUTE, "-"),
            response.status_code,
            (time.monotonic() - started) * 1000,
            rid,
        )
        if response.is_streamed:
            # eventlet holds writes back until 4 KiB are waiting: a live stream sends each event.
            environ["eventlet.minimum_write_chunk_size"] = 0
        return response(environ, start_response)

    def _dispatch(self, request: Request, environ: dict[str, Any]) -> Response:
        if not is_api(request.path) and request.path not in self.roots:
            environ[ROUTE] = "/<web client>"
            if request.method not in ("GET", "HEAD"):
                return error_response(method_not_allowed(["GET", "HEAD"]))
            return static.serve(self.web_dir, request.path, environ)
        adapter = self.url_map.bind_to_environ(environ)
        try:
            provider, values = adapter.match()
        except RequestRedirect as exc:  # a path with doubled slashes: its clean form
            return clean_path_redirect(exc.new_url)
        except NotFound:
            return error_response(not_found("No such endpoint."))
        except MethodNotAllowed as exc:
            return error_response(method_not_allowed(sorted(exc.valid_methods or ())))
        environ[ROUTE] = provider.url
        request.path_values = values  # type: ignore[attr-defined]  # nameko reads it there
        response: Response = provider.handle_request(request)
        return response

    def _finish(self, response: Response, request: Request, rid: str) -> None:
        response.headers["X-Request-Id"] = rid
        response.headers.setdefault("Content-Security-Policy", self.csp)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if is_api(request.path) or request.path in self.roots:
            response.headers.setdefault("Cache-Control", "no-store")
