"""The map tiles the web client may show: an OpenStreetMap-style URL template named by the
operator (QUARTIER_MAP_TILES) and the attribution its server asks for. Without one, the maps stay
blank (outlines against a scale), which works offline.

The template's origin is the one host the Content-Security-Policy lets images come from, so it
is checked when the gateway starts: https (or http for a server on this machine), a plain host
name, and the {z}, {x} and {y} placeholders. A leading `{s}.` (the server's subdomains a, b, c)
becomes the CSP wildcard `*.`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

KEY = "QUARTIER_MAP_TILES"
PLACEHOLDERS = ("{z}", "{x}", "{y}")
# A host name as the CSP's host-source reads it, with Leaflet's {s} subdomain placeholder.
HOST = re.compile(r"^(\{s\}\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$")
LOCAL_HOSTS = ("localhost", "127.0.0.1")


@dataclass(frozen=True)
class MapTiles:
    template: str
    attribution: str

    @property
    def source(self) -> str:
        """The CSP source of the tiles: scheme, host (`*.` for `{s}.`) and port."""
        parts = urlsplit(self.template)
        host = parts.netloc.replace("{s}.", "*.", 1)
        return f"{parts.scheme}://{host}"

    def client_config(self) -> dict[str, str]:
        return {"tiles": self.template, "attribution": self.attribution}


def map_tiles(template: str, attribution: str) -> MapTiles | None:
    """The configured tiles, None when none is; a template that cannot be a tile server's fails
    the start with the setting's name (never with its value: it may hold an API key)."""
    if not template:
        return None
    parts = urlsplit(template)
    hostname = (parts.hostname or "").lower()
    secure = parts.scheme == "https" or (parts.scheme == "http" and hostname in LOCAL_HOSTS)
    netloc = parts.netloc.lower().rsplit(":", 1)
    if (
        not secure
        or parts.username
        or parts.password
        or parts.fragment
        or not HOST.match(netloc[0])
        or (len(netloc) == 2 and not netloc[1].isdigit())
        or any(mark not in parts.path + parts.query for mark in PLACEHOLDERS)
        or any(c in template for c in " ;,'\"")
    ):
        raise ValueError(
            f"{KEY} must be an https URL template with {{z}}, {{x}} and {{y}}, "
            "e.g. https://{s}.tile.example.org/{z}/{x}/{y}.png"
        )
    if not attribution:
        raise ValueError(f"{KEY} needs QUARTIER_MAP_ATTRIBUTION: the credit its server asks for")
    return MapTiles(template, attribution)


__all__ = ["MapTiles", "map_tiles"]
