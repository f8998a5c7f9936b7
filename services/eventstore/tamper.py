"""Verifying the log's tamper evidence (ledger.py): each stream's hash chain, and the signed
checkpoints that fold the whole log, in log order, up to a position.

A run starts from the last checkpoint (or from the start with `full`), names the first event
altered, removed, inserted or reordered, and, when nothing is wrong, may leave a new checkpoint
at the position it reached. See docs/decisions/0031-tamper-evidence.md.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .ledger import ZERO, Checkpoint, Ledger, StoredRecord, link
from .model import Position

ALTERED, REMOVED, INSERTED, REORDERED, FORGED = (
    "altered",
    "removed",
    "inserted",
    "reordered",
    "forged checkpoint",
)


@dataclass(frozen=True)
class Problem:
    """The first thing found wrong: what, where, and a sentence for the operator."""

    kind: str
    detail: str
    stream: str | None = None
    version: int | None = None
    event_id: str | None = None
    position: str | None = None


@dataclass(frozen=True)
class Verification:
    checked: int
    events: int
    log_hash: bytes
    reached: Position | None
    since: Checkpoint | None
    checkpoints: int
    problem: Problem | None

    @property
    def intact(self) -> bool:
        return self.problem is None


def sign(key: bytes, sequence: int, position: str, events: int, log_hash: bytes) -> bytes:
    text = f"quartier.checkpoint:{sequence}:{position}:{events}:{log_hash.hex()}"
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _entry(record: StoredRecord) -> bytes:
    """What a record adds to the log hash: its place in the log and its own hash."""
    return hashlib.sha256(str(record.position).encode() + (record.hash or b"")).digest()


def verify(
    ledger: Ledger,
    key: bytes,
    full: bool = False,
    progress: Callable[[int], None] = lambda _n: None,
) -> Verification:
    """Check the log from the last checkpoint (`full`: from the start, every checkpoint on the
    way compared); `key` checks their signatures."""
    parse = ledger.position_from_string
    marks = ledger.checkpoints()
    for mark in marks:
        if not hmac.compare_digest(
            mark.signature, sign(key, mark.sequence, mark.position, mark.events, mark.log_hash)
        ):
            detail = f"checkpoint {mark.sequence} does not bear the operators' signature"
            return Verification(0, 0, ZERO, None, None, len(marks), Problem(FORGED, detail))
    since = None if full or not marks else marks[-1]
    pending = list(marks) if full else []
    log_hash, events = (ZERO, 0) if since is None else (since.log_hash, since.events)
    reached = None if since is None else parse(since.position)
    walk = _Chains(ledger)
    checked = 0

    def result(problem: Problem | None) -> Verification:
        return Verification(checked, events, log_hash, reached, since, len(marks), problem)

    for record in ledger.stored(reached):
        while pending and parse(pending[0].position) < record.position:
            problem = _compare(pending.pop(0), events, log_hash)
            if problem is not None:
                return result(problem)
        problem = walk.check(record)
        if problem is not None:
            return result(problem)
        log_hash, events, reached = link(log_hash, _entry(record)), events + 1, record.position
        checked += 1
        progress(checked)
    for mark in pending:
        problem = _compare(mark, events, log_hash)
        if problem is not None:
            return result(problem)
    return result(walk.heads(full))


def checkpoint(
    ledger: Ledger, done: Verification, key: bytes, made_by: str, now: datetime
) -> Checkpoint | None:
    """Record where an intact run reached (nothing when it found nothing new)."""
    if not done.intact or done.checked == 0 or done.reached is None:
        return None
    marks = ledger.checkpoints()
    sequence = marks[-1].sequence + 1 if marks else 1
    position = str(done.reached)
    mark = Checkpoint(
        sequence,
        position,
        done.events,
        done.log_hash,
        sign(key, sequence, position, done.events, done.log_hash),
        now,
        made_by,
    )
    ledger.add_checkpoint(mark)
    return mark


def _compare(mark: Checkpoint, events: int, log_hash: bytes) -> Problem | None:
    where = f"checkpoint {mark.sequence} (position {mark.position})"
    if events < mark.events:
        detail = f"{mark.events - events} event(s) up to {where} are gone"
        return Problem(REMOVED, detail, position=mark.position)
    if events > mark.events:
        detail = f"{events - mark.events} event(s) were added before {where}"
        return Problem(INSERTED, detail, position=mark.position)
    if log_hash != mark.log_hash:
        detail = f"the log up to {where} is not in the order the checkpoint recorded"
        return Problem(REORDERED, detail, position=mark.position)
    return None


class _Chains:
    """Each stream's chain, checked event by event: the hash of the event before each one is
    taken from the last one seen, or read from the store."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self._last: dict[str, tuple[int, bytes]] = {}

    def check(self, record: StoredRecord) -> Problem | None:
        def problem(kind: str, detail: str, version: int | None = None) -> Problem:
            return Problem(
                kind,
                detail,
                record.stream,
                record.version if version is None else version,
                None if version is not None else str(record.event_id),
                None if version is not None else str(record.position),
            )

        previous = self._previous(record)
        if previous is None:
            missing = record.version - 1
            return problem(REMOVED, f"version {missing} of {record.stream} is gone", missing)
        if record.hash is None:
            return problem(INSERTED, "this event carries no hash: it was not written by the store")
        if record.hash != link(previous, record.digest()):
            if self._links_elsewhere(record):
                return problem(
                    REORDERED, "this event's hash chains from another place in its stream"
                )
            return problem(ALTERED, "this event's stored content no longer matches its hash")
        self._last[record.stream] = (record.version, record.hash)
        return None

    def _previous(self, record: StoredRecord) -> bytes | None:
        if record.version == 0:
            return ZERO
        last = self._last.get(record.stream)
        if last is not None and last[0] == record.version - 1:
            return last[1]
        before = self._ledger.stored_event(record.stream, record.version - 1)
        return None if before is None else before.hash or ZERO

    def _links_elsewhere(self, record: StoredRecord) -> bool:
        digest, version = record.digest(), 0
        candidates = [ZERO]
        while (other := self._ledger.stored_event(record.stream, version)) is not None:
            if other.hash is not None and other.event_id != record.event_id:
                candidates.append(other.hash)
            version += 1
        return any(record.hash == link(c, digest) for c in candidates)

    def heads(self, full: bool) -> Problem | None:
        """A stream's last events removed show only against the store's own bookkeeping."""
        heads = self._ledger.stream_heads()
        for stream, version in (heads or {}).items():
            seen = self._last.get(stream)
            first = 0 if seen is None else seen[0] + 1
            # An event found now was appended after this run read the log: not a removal.
            if (
                (seen is not None or full)
                and first <= version
                and self._ledger.stored_event(stream, first) is None
            ):
                detail = f"{stream} is at version {version} but its events from {first} are gone"
                return Problem(REMOVED, detail, stream, first)
        return None
