"""The web client: files of services/gateway/web/ served at /, and index.html for every other
path that is not a file, so that the single-page app can route by history.

Only the web client's assets are served: files of the kinds listed in ASSETS (what a browser
runs or shows), never the folder's notes, licences or anything else kept beside them. Paths
are joined with werkzeug's safe_join (no `..`, no absolute paths) and hidden files are never
served. Every answer is revalidated (Cache-Control: no-cache, with an ETag): the files
carry no content hash in their names, so a long max-age would pin stale code in browsers.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from werkzeug.security import safe_join
from werkzeug.utils import send_file
from werkzeug.wrappers import Response

# The kinds of file the web client is made of, with their types: the system's mime.types
# varies between machines, these must not.
ASSETS = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
for _ext, _type in ASSETS.items():
    mimetypes.add_type(_type, _ext)

PLACEHOLDER = b"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Quartier</title></head>
<body><main><h1>Quartier</h1><p>The web client is not installed yet; the API is at
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></main></body></html>
"""


def serve(web_dir: Path, path: str, environ: dict[str, Any]) -> Response:
    """The file at `path` (the request path), else index.html, else a placeholder page."""
    relative = path.lstrip("/")
    found = _file(web_dir, relative) if relative else None
    if found is None:
        found = _file(web_dir, "index.html")
    if found is None:
        response = Response(PLACEHOLDER, mimetype="text/html")
        response.cache_control.no_cache = True
        return response
    response = send_file(found, environ, conditional=True, etag=True, max_age=None)
    response.headers.pop("Content-Disposition", None)  # a page, not a download
    return response


def _file(web_dir: Path, relative: str) -> Path | None:
    if any(part.startswith(".") for part in relative.split("/")):
        return None
    if Path(relative).suffix.lower() not in ASSETS:
        return None
    joined = safe_join(str(web_dir), relative)
    if joined is None:
        return None
    candidate = Path(joined)
    return candidate if candidate.is_file() else None


__all__ = ["serve"]
