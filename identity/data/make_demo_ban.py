"""Generate ban-demo.csv: DEMO addresses of a fictional town, in the BAN CSV format.

    python identity/data/make_demo_ban.py [output.csv]

Bourg-Démo (postcode 71999, INSEE code 71999: both unassigned in France) does not exist. Its
streets are laid out on a real-looking patch of Saône-et-Loire so that distances mean something:
parallel streets lie 150 to 400 m apart and the town spans about 2 km. Every `id` starts with
`demo_`. The output is deterministic: the same script always writes the same bytes.
"""

from __future__ import annotations

import csv
import io
import math
import random
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

COLUMNS = [
    "id",
    "id_fantoir",
    "numero",
    "rep",
    "nom_voie",
    "code_postal",
    "code_insee",
    "nom_commune",
    "code_insee_ancienne_commune",
    "nom_ancienne_commune",
    "x",
    "y",
    "lon",
    "lat",
    "type_position",
    "alias",
    "nom_ld",
    "libelle_acheminement",
    "nom_afnor",
    "source_position",
    "source_nom_voie",
    "certification_commune",
    "cad_parcelles",
]
INSEE = "71999"
POSTCODE = "71999"
TOWN = "Bourg-Démo"
HAMLET = ("71998", "Les Essarts-Démo")  # a former commune merged into the town
CENTRE = (46.6620, 4.8710)  # lat, lon of the town hall
SEED = 20260301
SIDE_OFFSET_M = 9.0  # odd numbers on one side of the street, even on the other

# name, start (east m, north m) from the centre, end, how many doors, in the hamlet
STREETS: list[tuple[str, tuple[float, float], tuple[float, float], int, bool]] = [
    ("Rue de la Paix", (-700, 0), (700, 0), 40, False),
    ("Grande Rue", (-650, 180), (650, 180), 30, False),
    ("Rue Jean Jaurès", (-600, 400), (600, 400), 26, False),
    ("Rue Victor Hugo", (-600, -220), (600, -220), 26, False),
    ("Avenue des Tilleuls", (-800, -500), (800, -500), 28, False),
    ("Rue du Général de Gaulle", (-700, 650), (700, 650), 24, False),
    ("Rue Pasteur", (-500, -800), (500, -800), 18, False),
    ("Boulevard de la République", (-750, 950), (750, 950), 22, False),
    ("Rue de l'Église", (-100, -700), (-100, 900), 30, False),
    ("Rue des Écoles", (-450, -650), (-450, 800), 24, False),
    ("Rue du Moulin", (300, -700), (300, 800), 24, False),
    ("Avenue de la Gare", (650, -900), (650, 900), 28, False),
    ("Chemin des Vignes", (-850, -900), (-850, 900), 16, False),
    ("Rue Saint-Martin", (1000, -600), (1000, 700), 18, False),
    ("Place de la Mairie", (-60, -60), (60, 60), 10, False),
    ("Impasse des Lilas", (450, 250), (450, 340), 8, False),
    ("Allée des Cerisiers", (-300, -380), (100, -380), 12, False),
    ("Chemin du Lavoir", (-1300, 1200), (-900, 1500), 10, True),
    ("Route des Essarts", (-1700, 1500), (-1000, 1500), 12, True),
    ("Rue de la Forge", (-1500, 1300), (-1500, 1800), 10, True),
]


@dataclass(frozen=True)
class Door:
    number: int
    rep: str
    east: float
    north: float


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("ban-demo.csv")
    text = render()
    out.write_text(text, encoding="utf-8", newline="")
    print(f"{text.count(chr(10)) - 1} demo addresses on {len(STREETS)} streets written to {out}")


def render() -> str:
    """The whole CSV file, header included."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows())
    return buffer.getvalue()


def rows() -> list[list[str]]:
    rng = random.Random(SEED)
    result: list[list[str]] = []
    for index, (name, start, end, doors, hamlet) in enumerate(STREETS, start=1):
        fantoir = f"{INSEE}_{100 + 10 * index:04d}"
        for door in _doors(rng, start, end, doors):
            lat, lon = _to_lat_lon(door.east, door.north)
            x, y = lambert93(lat, lon)
            suffix = f"_{door.rep}" if door.rep else ""
            result.append(
                [
                    f"demo_{fantoir}_{door.number:05d}{suffix}",
                    fantoir,
                    str(door.number),
                    door.rep,
                    name,
                    POSTCODE,
                    INSEE,
                    TOWN,
                    HAMLET[0] if hamlet else "",
                    HAMLET[1] if hamlet else "",
                    f"{x:.2f}",
                    f"{y:.2f}",
                    f"{lon:.6f}",
                    f"{lat:.6f}",
                    "entrée",
                    "",
                    "",
                    _afnor(TOWN),
                    _afnor(name),
                    "commune",
                    "commune",
                    "1",
                    "",
                ]
            )
    return result


def _doors(
    rng: random.Random, start: tuple[float, float], end: tuple[float, float], doors: int
) -> list[Door]:
    length = math.dist(start, end)
    ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
    pairs = (doors + 1) // 2
    result: list[Door] = []
    for n in range(1, doors + 1):
        along = length * (((n - 1) // 2) + 0.5) / pairs + rng.uniform(-3, 3)
        side = SIDE_OFFSET_M if n % 2 else -SIDE_OFFSET_M
        east = start[0] + ux * along - uy * side
        north = start[1] + uy * along + ux * side
        result.append(Door(n, "", east, north))
        if rng.random() < 0.08:
            result.append(Door(n, rng.choice(("bis", "bis", "ter")), east + ux * 4, north + uy * 4))
    return result


def _to_lat_lon(east: float, north: float) -> tuple[float, float]:
    lat0, lon0 = CENTRE
    lat = lat0 + north / 111_132.0
    lon = lon0 + east / (111_320.0 * math.cos(math.radians(lat0)))
    return lat, lon


def lambert93(lat: float, lon: float) -> tuple[float, float]:
    """Lambert-93 (EPSG:2154) metres, the x and y of BAN files, from GRS80 degrees."""
    a, f = 6_378_137.0, 1 / 298.257222101
    e = math.sqrt(2 * f - f * f)
    phi0, phi1, phi2 = (math.radians(d) for d in (46.5, 49.0, 44.0))
    lam0, x0, y0 = math.radians(3.0), 700_000.0, 6_600_000.0

    def m(phi: float) -> float:
        return math.cos(phi) / math.sqrt(1 - (e * math.sin(phi)) ** 2)

    def t(phi: float) -> float:
        s = e * math.sin(phi)
        return math.tan(math.pi / 4 - phi / 2) / math.pow((1 - s) / (1 + s), e / 2)

    n = (math.log(m(phi1)) - math.log(m(phi2))) / (math.log(t(phi1)) - math.log(t(phi2)))
    big_f = m(phi1) / (n * t(phi1) ** n)
    rho0 = a * big_f * t(phi0) ** n
    rho = a * big_f * t(math.radians(lat)) ** n
    theta = n * (math.radians(lon) - lam0)
    return x0 + rho * math.sin(theta), y0 + rho0 - rho * math.cos(theta)


def _afnor(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.upper().replace("'", " ").replace("-", " ").split())


if __name__ == "__main__":
    main(sys.argv)
