"""What a subscriber declares: its name, what it reads, its tables and how it applies an event."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec, DecodedEvent

Handler = Callable[[Connection, Any, RecordedEvent], None]
BatchHandler = Callable[[Connection, Any, Sequence[RecordedEvent]], None]
TableFactory = Callable[[sa.MetaData, str], Any]
SUFFIX = "{suffix}"
"""Where a generation's suffix goes in the name of an index that `generations` copies."""


def decoding(codec: Codec, apply: Callable[[Connection, Any, DecodedEvent[Any]], None]) -> Handler:
    """A subscriber's `handle`: each event decoded with `codec` (upcast, personal data
    decrypted) for `apply(tx, tables, decoded)`."""

    def handle(tx: Connection, t: Any, recorded: RecordedEvent) -> None:
        apply(tx, t, codec.decode(recorded))

    return handle


def decoding_batch(
    codec: Codec, apply: Callable[[Connection, Any, DecodedEvent[Any]], None]
) -> BatchHandler:
    """A subscriber's `handle_batch` for `decoding`'s `apply`, still applied one event at a
    time in log order, the batch decoded first: its subjects' keys asked of the keyring once
    (one query per 500 subjects on the SQL keyring) rather than once per event."""

    def handle_batch(tx: Connection, t: Any, recorded: Sequence[RecordedEvent]) -> None:
        for decoded in codec.decode_all(recorded):
            apply(tx, t, decoded)

    return handle_batch


def decoding_all(
    codec: Codec, apply_all: Callable[[Connection, Any, list[DecodedEvent[Any]]], None]
) -> BatchHandler:
    """A subscriber's `handle_batch` for `apply_all(tx, tables, decoded)`: the batch decoded at
    once (its subjects' keys asked once), handed over whole, in log order, for a read model
    that writes a batch's rows in bulk."""

    def handle_batch(tx: Connection, t: Any, recorded: Sequence[RecordedEvent]) -> None:
        apply_all(tx, t, codec.decode_all(recorded))

    return handle_batch


def each_event(codec: Codec, apply: Callable[[Connection, Any, Any, int], None]) -> Handler:
    """A subscriber's `handle` for `apply(tx, tables, event, version)`: the decoded event and
    its place in its own stream."""

    def handle(tx: Connection, t: Any, recorded: RecordedEvent) -> None:
        apply(tx, t, codec.decode(recorded).event, recorded.version)

    return handle


def each_batch(
    codec: Codec, apply: Callable[[Connection, Any, list[tuple[Any, int]]], None]
) -> BatchHandler:
    """A subscriber's `handle_batch` for `apply(tx, tables, [(event, version), ...])`: the
    batch's events decoded (their subjects' keys asked once for the batch), each with its place
    in its own stream, in log order."""

    def handle_batch(tx: Connection, t: Any, recorded: Sequence[RecordedEvent]) -> None:
        decoded = codec.decode_all(recorded)
        apply(tx, t, [(d.event, r.version) for d, r in zip(decoded, recorded, strict=True)])

    return handle_batch


def no_tables(_metadata: sa.MetaData, _suffix: str) -> None:
    return None


def generations(**tables: sa.Table) -> TableFactory:
    """A subscriber's `define`, from tables declared once under their bare names (each on a
    MetaData of its own, never created): a generation gets its copy of every table, named
    <name><suffix>, as tables.<keyword>. An index named with `{suffix}` in it gets the
    generation's suffix there."""

    def define(metadata: sa.MetaData, suffix: str) -> SimpleNamespace:
        return SimpleNamespace(**{k: generation(t, metadata, suffix) for k, t in tables.items()})

    return define


def generation(table: sa.Table, metadata: sa.MetaData, suffix: str) -> sa.Table:
    """The copy of `table` on `metadata` for the generation of `suffix`."""
    copy = table.to_metadata(metadata, name=f"{table.name}{suffix}")
    # An index's name belongs to the schema, not to its table: two generations side by side
    # (a rebuild) need two names.
    for index in copy.indexes:
        if isinstance(index.name, str) and SUFFIX in index.name:
            index.name = sa.quoted_name(index.name.replace(SUFFIX, suffix), None)
    return copy


@dataclass(frozen=True)
class Subscriber:
    """A read model or a policy.

    `define(metadata, suffix)` declares the subscriber's tables, each name ending with `suffix`
    (one suffix per generation, so a new version builds beside the old one) and returns whatever
    `handle` and queries use to reach them. `handle(tx, tables, event)` runs inside the
    transaction that also moves the checkpoint. Changing `version` rebuilds from the start.
    `scrub_after` names the event types (e.g. an erasure) after which no old copy of the rows
    they changed may stay on disk: once the batch holding one has committed, the runner scrubs
    the subscriber's tables (services.subscriptions.database.scrub).
    """

    name: str
    handle: Handler
    define: TableFactory = no_tables
    categories: tuple[str, ...] | None = None
    types: tuple[str, ...] | None = None
    version: int = 1
    scrub_after: tuple[str, ...] = ()
    handle_batch: BatchHandler | None = None

    def suffix(self, generation: int) -> str:
        return f"_v{generation}"
