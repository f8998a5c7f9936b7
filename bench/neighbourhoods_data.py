"""The neighbourhood benchmark's data: random star-shaped neighbourhoods over metropolitan France,
two thirds of them clustered in 2,000 towns as real ones are, and the points looked up (half near
a neighbourhood, half anywhere)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely

from neighbourhoods.projections import spatial

FRANCE = (-4.5, 43.0, 7.5, 50.5)  # lon, lat box


def polygons(n: int, rng: np.random.Generator) -> list[Any]:
    """`n` polygons of 8 to 16 corners, 150 m to 1 km across their centre."""
    towns = np.column_stack(
        (rng.uniform(FRANCE[0], FRANCE[2], 2000), rng.uniform(FRANCE[1], FRANCE[3], 2000))
    )
    clustered = n * 2 // 3
    centres = np.vstack(
        (
            towns[rng.integers(0, len(towns), clustered)]
            + rng.normal(0, 2500 / spatial.METRES_PER_DEGREE, (clustered, 2)),
            np.column_stack(
                (
                    rng.uniform(FRANCE[0], FRANCE[2], n - clustered),
                    rng.uniform(FRANCE[1], FRANCE[3], n - clustered),
                )
            ),
        )
    )
    shapes = []
    for lon, lat in centres:
        corners = int(rng.integers(8, 17))
        angles = np.sort(rng.uniform(0, 2 * math.pi, corners))
        radii = rng.uniform(75, 500, corners) / spatial.METRES_PER_DEGREE
        xs = lon + radii * np.cos(angles) / math.cos(math.radians(lat))
        ys = lat + radii * np.sin(angles)
        shapes.append(shapely.Polygon(np.column_stack((xs, ys))))
    return shapes


def points(n: int, shapes: list[Any], rng: np.random.Generator) -> list[tuple[float, float]]:
    """`n` (lon, lat) points: even ones within ~600 m of a neighbourhood's centroid."""
    out = []
    for i in range(n):
        if i % 2 == 0:
            c = shapes[int(rng.integers(0, len(shapes)))].centroid
            jitter = rng.normal(0, 600 / spatial.METRES_PER_DEGREE, 2)
            out.append((c.x + jitter[0], c.y + jitter[1]))
        else:
            out.append((rng.uniform(FRANCE[0], FRANCE[2]), rng.uniform(FRANCE[1], FRANCE[3])))
    return out
