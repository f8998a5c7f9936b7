"""Residents of a neighbourhood using the platform through the gateway, in the proportions of
mix.py: reading the board, searching it, opening a listing, reading notifications, now and
then posting, responding, booking or signing in again.

Run by bench/load/run.py (one headless run per step of users); by hand:

    QUARTIER_LOAD_RESIDENTS=residents.json locust -f bench/load/locustfile.py --host URL

residents.json is what run.py's seeding writes: signed-in members (token, neighbourhood) and the
loan listings they may book. Nothing personal is printed: requests are named by operation.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import random
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE), str(HERE.parent)]

from listings_data import WORDS  # noqa: E402
from mix import MIX, THINK_SECONDS  # noqa: E402

from contracts.listings.bookings import MAX_AHEAD_DAYS  # noqa: E402

SEEDED = json.loads(Path(os.environ["QUARTIER_LOAD_RESIDENTS"]).read_text())
_NEXT = itertools.count()
# Answers that are the platform refusing as it should (a booking overlapping another, a second
# response to one listing): served requests, not failures.
EXPECTED_REFUSALS = {"respond": {409}, "book": {409}}


@events.test_start.add_listener
def settle(**_: Any) -> None:
    """Locust's own start (some 100,000 objects) kept out of the cycle collector's full passes:
    walking it took 100 to 200 ms at a time under load, every request in flight timed through
    that pause (docs/decisions/0074)."""
    gc.collect()
    gc.freeze()


def weight(name: str) -> Any:
    return task(MIX[name][0])


class Resident(HttpUser):
    """One signed-in member; several users may share one resident, as one may open two tabs."""

    wait_time = between(*THINK_SECONDS)

    def on_start(self) -> None:
        me = SEEDED["residents"][next(_NEXT) % len(SEEDED["residents"])]
        self.me = me
        self.headers = {"Authorization": f"Bearer {me['token']}"}
        self.board = f"/api/v1/neighbourhoods/{me['neighbourhood_id']}/listings"
        self.seen = [x["listing_id"] for x in SEEDED["listings"]]
        self.bookable = [
            x["listing_id"]
            for x in SEEDED["listings"]
            if x["category"] == "loan" and x["author_id"] != me["resident_id"]
        ]

    def _send(self, name: str, method: str, path: str, **kwargs: Any) -> Any:
        allowed = EXPECTED_REFUSALS.get(name, set())
        with self.client.request(
            method, path, name=name, headers=self.headers, catch_response=True, **kwargs
        ) as answer:
            if answer.status_code < 300 or answer.status_code in allowed:
                answer.success()
            else:
                answer.failure(f"status {answer.status_code} {_code(answer)}".rstrip())
            return answer

    @weight("board")
    def read_board(self) -> None:
        answer = self._send("board", "GET", self.board)
        if answer.status_code == 200:
            fresh = [c["listing_id"] for c in answer.json()["items"]]
            self.seen = (fresh + self.seen)[:200]

    @weight("search")
    def search(self) -> None:
        self._send("search", "GET", self.board, params={"q": random.choice(WORDS)})

    @weight("listing")
    def open_listing(self) -> None:
        self._send("listing", "GET", f"/api/v1/listings/{random.choice(self.seen)}")

    @weight("notifications")
    def notifications(self) -> None:
        self._send("notifications", "GET", "/api/v1/notifications")

    @weight("unread count")
    def unread_count(self) -> None:
        self._send("unread count", "GET", "/api/v1/notifications/unread-count")

    @weight("post")
    def post(self) -> None:
        words = " ".join(random.sample(WORDS, 3))
        body = {
            "kind": random.choice(("offer", "request")),
            "category": "service",
            "title": words.capitalize(),
            "description": f"{words} {uuid.uuid4().hex[:6]}",
            "details": {"tags": [], "paid": False},
        }
        self._send("post", "POST", self.board, json=body)

    @weight("respond")
    def respond(self) -> None:
        listing = random.choice(self.seen)
        body = {"message": "Bonjour, je suis intéressé."}
        self._send("respond", "POST", f"/api/v1/listings/{listing}/responses", json=body)

    @weight("book")
    def book(self) -> None:
        start = date.today() + timedelta(days=random.randrange(1, MAX_AHEAD_DAYS - 1))
        body = {"start": start.isoformat(), "end": (start + timedelta(days=1)).isoformat()}
        path = f"/api/v1/listings/{random.choice(self.bookable)}/bookings"
        self._send("book", "POST", path, json=body)

    @weight("sign in")
    def sign_in(self) -> None:
        body = {"email": self.me["email"], "password": self.me["password"]}
        answer = self._send("sign in", "POST", "/api/v1/sessions", json=body)
        if answer.status_code == 201:
            self.headers = {"Authorization": f"Bearer {answer.json()['token']}"}


def _code(answer: Any) -> str:
    """The API's error code of a refused request (`{error: {code, ...}}`), for the failures'
    table: a code names the cause without any of the request's data."""
    try:
        error = answer.json().get("error")
    except ValueError:  # no JSON: a proxy's or the server's own page
        return ""
    return str(error.get("code", "")) if isinstance(error, dict) else ""
