"""A steady load on the cluster through HAProxy: residents posting listings, a newcomer signing
up every fourth write, each write retried with its own Idempotency-Key as a client does after a
lost answer; and what the fault tests measure of it.

Writes start on a schedule of their own, not one after another: residents do not wait for a
neighbour's post to go through before posting theirs. While a fault holds every write up, new
writes keep starting (up to `writers` at once), so the writes begun during the fault are there
to be measured. Nothing here prints personal data: failures name statuses, counts and ids.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import requests

from tests.support import eventually

if TYPE_CHECKING:
    from tests.support.cluster import ClusterPlatform


@dataclass
class Outcome:
    kind: str  # "listing" or "sign_up"
    key: str  # the Idempotency-Key of every attempt
    at: float
    ident: str | None = None  # the id answered, once acknowledged
    attempts: int = 0
    done: float = 0.0  # 0 while the write is still going on
    refused: str | None = None  # the status and code of an answer that was no server error


@dataclass
class Load:
    """Writes through the proxy: one starts every `every` seconds while fewer than `writers`
    are going on."""

    platform: ClusterPlatform
    posters: list[Any]
    neighbourhood: str
    writers: int = 8
    every: float = 1.0
    outcomes: list[Outcome] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        scheduler = threading.Thread(target=self._run, daemon=True)
        self._threads.append(scheduler)
        scheduler.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in list(self._threads):
            thread.join(timeout=120)

    def acknowledged(self, kind: str, since: float = 0.0) -> list[Outcome]:
        return [o for o in list(self.outcomes) if o.kind == kind and o.ident and o.at >= since]

    def recovered_after(self, moment: float) -> float:
        """Seconds from `moment` to the first write begun after it that was acknowledged at
        its first attempt; waits for one."""

        def first() -> float | None:
            times = [
                o.at
                for o in list(self.outcomes)
                if o.at > moment and o.ident and o.done and o.attempts == 1
            ]
            return min(times) - moment if times else None

        found = eventually(first, timeout=90, interval=0.05, what="a write after a fault")
        assert found is not None
        return found

    def settled(self, until: float, timeout: float = 180.0) -> float:
        """Waits until every write begun before `until` has finished (acknowledged or given
        up); the moment the last of them finished."""

        def all_done() -> float | None:
            begun = [o for o in list(self.outcomes) if o.at < until]
            if not begun or any(not o.done for o in begun):
                return None
            return max(o.done for o in begun)

        last = eventually(all_done, timeout=timeout, interval=0.1, what="writes settled")
        assert last is not None
        return last

    def p99(self, start: float, end: float) -> float:
        """The 99th percentile of the seconds writes begun in [start, end) took, retries
        included (writes still going on are left out: `settled` waits for them)."""
        took = sorted(o.done - o.at for o in list(self.outcomes) if start <= o.at < end and o.done)
        assert took, "no write in that window"
        return took[min(len(took) - 1, int(len(took) * 0.99))]

    def begun(self, start: float, end: float) -> int:
        return len([o for o in list(self.outcomes) if start <= o.at < end])

    def _run(self) -> None:
        slots = threading.BoundedSemaphore(self.writers)
        turn = 0
        while not self._stop.is_set():
            if not slots.acquire(timeout=0.5):
                continue  # every writer busy: the next write starts when one is free
            writer = threading.Thread(target=self._one, args=(turn, slots), daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()] + [writer]
            writer.start()
            turn += 1
            self._stop.wait(self.every)  # the schedule of the load, not a wait for a result

    def _one(self, turn: int, slots: threading.BoundedSemaphore) -> None:
        try:
            if turn % 4 == 3:
                self._write("sign_up", "/residents", None, self._newcomer(), "resident_id")
                return
            body = {
                "kind": "offer",
                "category": "giveaway",
                "title": f"Objet {turn}",
                "description": "À donner.",
                "details": {"allocation": "first_come"},
            }
            path = f"/neighbourhoods/{self.neighbourhood}/listings"
            who = self.posters[turn % len(self.posters)]
            self._write("listing", path, who, body, "listing_id")
        finally:
            slots.release()

    def _newcomer(self) -> dict[str, str]:
        return {
            "email": self.platform.new_email("load"),
            "password": "a long enough passphrase for tests",
            "display_name": "Voisin",
        }

    def _write(self, kind: str, path: str, who: Any, body: dict[str, Any], id_key: str) -> None:
        outcome = Outcome(kind, f"load-{uuid.uuid4()}", time.monotonic())
        self.outcomes.append(outcome)  # list.append is atomic: the readers copy the list
        headers = {"Idempotency-Key": outcome.key, **(who.auth if who else {})}
        try:
            while outcome.attempts < 10 and not outcome.ident:
                outcome.attempts += 1
                with contextlib.suppress(requests.RequestException):
                    # `after`: the poster's join, which listings must know before a first listing.
                    after = {"after": who.position} if who else {}
                    answer = self.platform.call(
                        "POST", path, headers=headers, params=after, json=body, timeout=60
                    )
                    if answer.status_code == 201:
                        outcome.ident = str(answer.json()[id_key])
                        break
                    if answer.status_code < 500:
                        said = answer.json() if answer.content else {}
                        code = said.get("error", {}).get("code")
                        outcome.refused = f"{kind} refused: {answer.status_code} {code}"
                        break
                if self._stop.wait(0.5):
                    break
        finally:
            outcome.done = time.monotonic()
