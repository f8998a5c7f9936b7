"""The in-memory lookups the index is compared with: every boundary held as a shapely array, no
database read. Each ends with `spatial.exact` on what it kept, so every answer (containment,
distance in metres in the local projection, order) is computed exactly as `spatial.near` does."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import shapely

from neighbourhoods.domain.geometry import E2, SEMI_MAJOR_M
from neighbourhoods.projections import spatial

Lookup = Callable[[float, float], list[spatial.Nearby]]


def reach_degrees(lat: float, radius_m: float = spatial.RADIUS_M) -> float:
    """A distance in degrees (plain lon, lat plane) that every boundary within `radius_m` metres
    of a point at `lat` lies within: the local projection stretches each axis by at least the
    smaller of its two scales, so degrees x that scale never exceed the distance in metres."""
    phi = math.radians(lat)
    w = 1 - E2 * math.sin(phi) ** 2
    meridian = SEMI_MAJOR_M * (1 - E2) / w**1.5
    east = SEMI_MAJOR_M / math.sqrt(w) * math.cos(phi)
    return float(radius_m / (math.radians(1) * min(east, meridian)) * 1.000001)  # rounding


class Boundaries:
    def __init__(self, ids: list[str], shapes: list[Any]) -> None:
        self.ids = np.array(ids, dtype=object)
        self.geometries = np.array(shapes, dtype=object)
        shapely.prepare(self.geometries)
        self.bounds = shapely.bounds(self.geometries)

    def exact(self, keep: Any, lon: float, lat: float) -> list[spatial.Nearby]:
        if len(keep) == 0:
            return []  # as spatial.near does without candidates
        return spatial.exact(list(self.ids[keep]), self.geometries[keep], lon, lat)


def full_scan(b: Boundaries) -> Lookup:
    """Every boundary tested, vectorised: `shapely.dwithin` over the prepared array of all of
    them in degrees (a bound that loses nothing), then metres on the few it keeps."""

    def lookup(lon: float, lat: float) -> list[spatial.Nearby]:
        near = shapely.dwithin(b.geometries, shapely.Point(lon, lat), reach_degrees(lat))
        return b.exact(np.flatnonzero(near), lon, lat)

    return lookup


def box_scan(b: Boundaries) -> Lookup:
    """Every bounding box compared with the search box in numpy, then shapely on those meeting
    it: the in-memory twin of the unindexed SQL query."""
    min_lon, min_lat, max_lon, max_lat = b.bounds.T.copy()

    def lookup(lon: float, lat: float) -> list[spatial.Nearby]:
        x1, y1, x2, y2 = spatial.search_box(lon, lat, spatial.RADIUS_M)
        meets = (min_lon <= x2) & (max_lon >= x1) & (min_lat <= y2) & (max_lat >= y1)
        return b.exact(np.flatnonzero(meets), lon, lat)

    return lookup


def strtree(b: Boundaries) -> Lookup:
    """shapely.STRtree over every boundary, queried with the same search box as the SQL index,
    then shapely on the candidates."""
    tree = shapely.STRtree(b.geometries)

    def lookup(lon: float, lat: float) -> list[spatial.Nearby]:
        box = shapely.box(*spatial.search_box(lon, lat, spatial.RADIUS_M))
        return b.exact(tree.query(box), lon, lat)

    return lookup


def reproject_all(b: Boundaries) -> Lookup:
    """The earlier baseline: `spatial.exact` on all boundaries, which reprojects every one of
    them to local metres on each lookup before testing it."""
    everything = list(b.ids)

    def lookup(lon: float, lat: float) -> list[spatial.Nearby]:
        return spatial.exact(everything, b.geometries, lon, lat)

    return lookup
