"""The gateway's own settings, read from the container's config (deploy/local/config.yml).

QUARTIER_RPC_TIMEOUT_SECONDS   how long a service may take to answer (default 5)
QUARTIER_COOKIE_SECURE         Secure cookies (default true; the local config says false)
QUARTIER_SESSION_IDLE_DAYS     a session unused this long expires (default 14)
QUARTIER_SESSION_MAX_DAYS      and any session this long after sign-in (default 90)
QUARTIER_TRUSTED_PROXIES       peers whose X-Forwarded-For is believed (addresses or CIDR ranges)
QUARTIER_RATE_LIMITS           overrides, e.g. "sign_in=20/600,resident_writes=60/600"
QUARTIER_WEB_DIR               the web client's folder (default services/gateway/web)
QUARTIER_MAP_TILES             a tile server's URL template for the maps, OpenStreetMap style
                               (https://{s}.tile.example.org/{z}/{x}/{y}.png); none: blank maps
QUARTIER_MAP_ATTRIBUTION       the credit that tile server asks for, shown under each map
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from services.gateway.access.proxies import TrustedProxies
from services.gateway.access.ratelimit import DEFAULT_LIMITS, Limit, parse_limits
from services.gateway.http.tiles import MapTiles, map_tiles

WEB_DIR = Path(__file__).resolve().parent / "web"


@dataclass(frozen=True)
class GatewaySettings:
    rpc_timeout: float = 5.0
    cookie_secure: bool = True
    session_idle: timedelta = timedelta(days=14)
    session_max: timedelta = timedelta(days=90)
    trusted_proxies: TrustedProxies = field(default_factory=TrustedProxies)
    limits: Mapping[str, Limit] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    web_dir: Path = WEB_DIR
    tiles: MapTiles | None = None


def gateway_settings(config: Mapping[str, Any]) -> GatewaySettings:
    """Settings from a Nameko config dict; a wrong value fails the start with its name."""
    return GatewaySettings(
        rpc_timeout=_number(config, "QUARTIER_RPC_TIMEOUT_SECONDS", 5.0),
        cookie_secure=_flag(config, "QUARTIER_COOKIE_SECURE", True),
        session_idle=timedelta(days=_number(config, "QUARTIER_SESSION_IDLE_DAYS", 14.0)),
        session_max=timedelta(days=_number(config, "QUARTIER_SESSION_MAX_DAYS", 90.0)),
        trusted_proxies=TrustedProxies.parse(_text(config, "QUARTIER_TRUSTED_PROXIES")),
        limits={**DEFAULT_LIMITS, **parse_limits(_text(config, "QUARTIER_RATE_LIMITS"))},
        web_dir=Path(_text(config, "QUARTIER_WEB_DIR") or WEB_DIR),
        tiles=map_tiles(
            _text(config, "QUARTIER_MAP_TILES"), _text(config, "QUARTIER_MAP_ATTRIBUTION")
        ),
    )


def _text(config: Mapping[str, Any], key: str) -> str:
    value = config.get(key)
    return "" if value is None else str(value).strip()


def _number(config: Mapping[str, Any], key: str, default: float) -> float:
    text = _text(config, key)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{key} must be a number") from None
    if value <= 0:
        raise ValueError(f"{key} must be above 0")
    return value


def _flag(config: Mapping[str, Any], key: str, default: bool) -> bool:
    text = _text(config, key).lower()
    if not text:
        return default
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{key} must be true or false")
