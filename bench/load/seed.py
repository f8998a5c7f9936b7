"""Residents for the load test, made through the gateway as real ones are: signed up, signed in,
verified by the letter posted to their door in the demo town (rue de la Paix, Bourg-Démo), members
of one neighbourhood founded around their homes, each with a loan to book and a service on the
board. What the locustfile reads is written to a JSON file (tokens and ids; the e-mails and the
password are made up for the run)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from services.eventstore import connect
from tests.e2e.neighbourhoods.test_api_neighbourhoods import AROUND_2_TO_12, answered, found, join
from tests.support.platform import Platform, Resident

# Numbers 1 to 12 of rue de la Paix lie inside AROUND_2_TO_12; each door receives at most 3
# letters (docs/decisions/0012), so 36 residents at most.
DOORS = 12
LETTERS_PER_DOOR = 3


class StorePlatform(Platform):
    """A platform whose event store is named by URL (SQLite or PostgreSQL): where the letters'
    ids are read from to find their codes."""

    store_url: str = ""

    def events(self, stream: str | None = None) -> list[Any]:
        store = connect(self.store_url)
        try:
            return list(store.read_stream(stream) if stream else store.read_all(limit=None))
        finally:
            store.close()


def seed(platform: Platform, residents: int, out: Path, workers: int = 1) -> dict[str, Any]:
    """`residents` verified members of one new neighbourhood, two listings each; written to
    `out` and returned."""
    if not 2 <= residents <= DOORS * LETTERS_PER_DOOR:
        raise SystemExit(f"--residents must lie between 2 and {DOORS * LETTERS_PER_DOOR}")
    with ThreadPoolExecutor(workers) as pool:
        people = list(
            pool.map(
                lambda n: _verified(platform, 1 + n % DOORS, f"Voisin {n}"),
                range(residents),
            )
        )
        founder = people[0]
        nid = found(platform, founder, AROUND_2_TO_12)
        for member in people[1:]:
            member.position = founder.position
        list(pool.map(lambda m: join(platform, m, nid), people[1:]))
        listings = [
            x for made in pool.map(lambda m: _post_two(platform, m, nid), people) for x in made
        ]
    seeded = {
        "neighbourhood_id": nid,
        "residents": [
            {
                "resident_id": p.resident_id,
                "email": p.email,
                "password": p.password,
                "token": p.token,
                "neighbourhood_id": nid,
                "position": p.position,
            }
            for p in people
        ],
        "listings": listings,
    }
    out.write_text(json.dumps(seeded))
    return seeded


def _verified(platform: Platform, number: int, name: str, attempts: int = 8) -> Resident:
    """A verified resident; a busy machine's first sign-ups can outlast the gateway's RPC
    timeout (503), so a failed attempt starts again with a new address."""
    for attempt in range(attempts):
        try:
            return platform.verified(number, name)
        except AssertionError as failed:
            if "503" not in str(failed) or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _post_two(platform: Platform, who: Resident, nid: str) -> list[dict[str, Any]]:
    made = []
    for body in (
        {"kind": "offer", "category": "loan", "title": "Perceuse à prêter",
         "description": "Une perceuse et ses mèches.", "details": {"item": "perceuse"}},
        {"kind": "offer", "category": "service", "title": "Aide au jardinage",
         "description": "Le samedi matin.", "details": {"tags": ["jardinage"], "paid": False}},
    ):  # fmt: skip
        answer = platform.call(
            "POST",
            f"/neighbourhoods/{nid}/listings",
            headers=who.auth,
            params={"after": who.position},
            json=body,
        )
        shown = answered(answer, 201, "post a listing")
        who.position = shown["position"]
        made.append(
            {
                "listing_id": shown["listing_id"],
                "author_id": who.resident_id,
                "category": body["category"],
            }
        )
    return made
