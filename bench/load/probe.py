"""Two measures taken beside the load: how long a post takes to show on another member's board,
and the board read done straight on the listings read model (projections' `board`), the
baseline the gateway's answer is compared with."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import requests
import sqlalchemy as sa

from listings.projections import facts, listings, queries
from services.subscriptions import connect_database
from services.subscriptions.database import subscriptions

PAUSE_SECONDS = 0.5  # between two probes: about two posts a second added to the load


class Visibility(threading.Thread):
    """One member posts; another reads the board (no `after`: as a neighbour browsing would)
    until the listing is there. A sample runs from the post's answer to the first board answer
    holding it, so its resolution is one board read."""

    def __init__(self, api: str, writer: dict[str, Any], reader: dict[str, Any]) -> None:
        super().__init__(daemon=True)
        self.board = f"{api}/neighbourhoods/{writer['neighbourhood_id']}/listings"
        self.writer = {"Authorization": f"Bearer {writer['token']}"}
        self.reader = {"Authorization": f"Bearer {reader['token']}"}
        self.samples: list[float] = []
        self.polls: list[int] = []
        self.failures = 0
        self.halt = threading.Event()

    def run(self) -> None:
        session = requests.Session()
        while not self.halt.is_set():
            try:
                self._probe(session)
            except requests.RequestException:  # a dropped connection: one failed probe
                self.failures += 1
                session = requests.Session()
            self.halt.wait(PAUSE_SECONDS)

    def _probe(self, session: requests.Session) -> None:
        body = {
            "kind": "offer",
            "category": "service",
            "title": "Sonde de visibilité",
            "description": uuid.uuid4().hex,
            "details": {"tags": [], "paid": False},
        }
        posted = session.post(self.board, headers=self.writer, json=body, timeout=30)
        if posted.status_code != 201:
            self.failures += 1
            return
        done = time.perf_counter()
        wanted, polls = posted.json()["listing_id"], 0
        while True:
            polls += 1
            page = session.get(self.board, headers=self.reader, timeout=30)
            if page.status_code == 200 and any(
                c["listing_id"] == wanted for c in page.json()["items"]
            ):
                break
            if time.perf_counter() - done > 30:
                self.failures += 1
                return
        self.samples.append((time.perf_counter() - done) * 1000)
        self.polls.append(polls)

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=60)


def direct_board(read_models: str) -> tuple[sa.Engine, Any, Any]:
    """The listings read model's live tables, found by their active generation."""
    engine = connect_database(read_models)
    with engine.connect() as conn:
        live = dict(
            conn.execute(
                sa.select(subscriptions.c.name, subscriptions.c.generation).where(
                    subscriptions.c.status == "active",
                    subscriptions.c.name.in_([listings.NAME, facts.NAME]),
                )
            ).all()
        )
    t = listings.define(sa.MetaData(), f"_v{live[listings.NAME]}")
    f = facts.define(sa.MetaData(), f"_v{live[facts.NAME]}")
    return engine, t, f


def gateway_against_direct(
    api: str, read_models: str, member: dict[str, Any], reads: int
) -> dict[str, list[float]]:
    """The same board page read through the gateway and on the read model, interleaved one by
    one on an otherwise idle platform (ms)."""
    engine, t, f = direct_board(read_models)
    nid, viewer = uuid.UUID(member["neighbourhood_id"]), uuid.UUID(member["resident_id"])
    url = f"{api}/neighbourhoods/{member['neighbourhood_id']}/listings"
    headers = {"Authorization": f"Bearer {member['token']}"}
    session = requests.Session()
    times: dict[str, list[float]] = {"gateway": [], "direct": []}
    try:
        with engine.connect() as conn:
            for _ in range(reads):
                started = time.perf_counter()
                answer = session.get(url, headers=headers, timeout=30)
                times["gateway"].append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    raise SystemExit(f"board read answered {answer.status_code}")
                started = time.perf_counter()
                page = queries.board(conn, t, f, nid, viewer)
                conn.rollback()  # a fresh snapshot each time, as a request gets
                times["direct"].append((time.perf_counter() - started) * 1000)
                if page is None or len(page["items"]) != len(answer.json()["items"]):
                    raise SystemExit("the read model's page differs from the gateway's")
    finally:
        engine.dispose()
    return times
