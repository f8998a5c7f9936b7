"""Squares drawn in metres around a point, as GeoJSON (what the API and the commands take)."""

from __future__ import annotations

import math
from typing import Any

METRES_PER_DEGREE = 6_371_008.8 * math.pi / 180  # along a meridian, on the mean Earth radius


def square(lon: float, lat: float, half_m: float, east_m: float = 0.0) -> dict[str, Any]:
    """A GeoJSON Polygon: a square of side 2 * half_m metres, its centre `east_m` metres east
    of (lon, lat); its ring runs anticlockwise from the south-west corner."""
    dlat = half_m / METRES_PER_DEGREE
    dlon = half_m / (METRES_PER_DEGREE * math.cos(math.radians(lat)))
    cx = lon + east_m / (METRES_PER_DEGREE * math.cos(math.radians(lat)))
    ring = [
        [cx - dlon, lat - dlat],
        [cx + dlon, lat - dlat],
        [cx + dlon, lat + dlat],
        [cx - dlon, lat + dlat],
        [cx - dlon, lat - dlat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}
