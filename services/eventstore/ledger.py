"""Tamper evidence: what each adapter keeps besides the events (see
docs/decisions/0031-tamper-evidence.md).

Every event's record carries `hash`, chained over the previous event of its stream:

    hash(v) = sha256(hash(v - 1) + digest(event v)),  hash(-1) = 32 zero bytes

`digest` covers what is stored (ids, stream, type, schema version, the data and metadata text as
written, ciphertext included, and the time recorded), so crypto-shredding, which deletes keys and
never touches the log, leaves every hash valid. A stream's writers are already ordered by its
expected version, so chaining per stream adds no lock between streams. Checkpoints then hash the
whole log in log order, up to a position, and are signed by the operators' tool.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from json.encoder import encode_basestring
from typing import Protocol

from .model import EncodedEvent, Position

ZERO = bytes(32)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(moment: datetime) -> int:
    """A recorded time as whole microseconds since the epoch (what every adapter stores)."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


def digest(
    event_id: uuid.UUID | str,
    stream: str,
    type_: str,
    schema_version: int,
    data: str,
    metadata: str,
    recorded_at: datetime,
) -> bytes:
    """The hash of one event's stored fields. Its version is not in it: the chain's order is."""
    canonical = json.dumps(
        [str(event_id), stream, type_, schema_version, data, metadata, micros(recorded_at)],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).digest()


def digests(stream: str, events: Sequence[EncodedEvent], recorded_at: datetime) -> list[bytes]:
    """`digest` of each event of one append, all recorded at `recorded_at`: the same bytes,
    written without json.dumps' per-call set-up, the stream and the time encoded once. Every
    adapter's appends hash through here, and a group's digests are the same whether its appends
    are written together or one by one."""
    tail = f",{encode_basestring(stream)},"
    when = f",{micros(recorded_at)}]"
    return [
        hashlib.sha256(
            (
                f'["{e.event_id}"{tail}{encode_basestring(e.type)},{int(e.schema_version)},'
                f"{encode_basestring(e.data)},{encode_basestring(e.metadata)}{when}"
            ).encode()
        ).digest()
        for e in events
    ]


def link(previous: bytes, event_digest: bytes) -> bytes:
    return hashlib.sha256(previous + event_digest).digest()


def chain(previous: bytes, digests: Iterable[bytes]) -> list[bytes]:
    """The hashes of events appended after one whose hash is `previous` (ZERO: a new stream)."""
    links = []
    for d in digests:
        previous = link(previous, d)
        links.append(previous)
    return links


@dataclass(frozen=True)
class StoredRecord:
    """An event exactly as stored: data and metadata as their JSON text, and its hash (None when
    the row was not written by the store)."""

    position: Position
    event_id: uuid.UUID
    stream: str
    version: int
    type: str
    schema_version: int
    data: str
    metadata: str
    recorded_at: datetime
    hash: bytes | None

    def digest(self) -> bytes:
        return digest(
            self.event_id,
            self.stream,
            self.type,
            self.schema_version,
            self.data,
            self.metadata,
            self.recorded_at,
        )


@dataclass(frozen=True)
class Checkpoint:
    """The whole log up to `position`: `events` of them, folded in log order into `log_hash`
    (services/eventstore/tamper.py), signed by whoever made it."""

    sequence: int
    position: str
    events: int
    log_hash: bytes
    signature: bytes
    made_at: datetime
    made_by: str


class Ledger(Protocol):
    """What `quartier verify` reads and writes; every adapter but EventStoreDB's provides it."""

    def stored(self, after: Position | None = None) -> Iterator[StoredRecord]:
        """Every record after `after`, in log order, as stored."""
        ...

    def stored_event(self, stream: str, version: int) -> StoredRecord | None: ...

    def stream_heads(self) -> dict[str, int] | None:
        """Each stream's last version as the store's own bookkeeping has it (None: the adapter
        keeps none besides the events)."""
        ...

    def checkpoints(self) -> list[Checkpoint]: ...

    def add_checkpoint(self, checkpoint: Checkpoint) -> None: ...

    def position_from_string(self, text: str) -> Position: ...
