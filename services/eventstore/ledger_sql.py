"""Upgrading a store written before events had hashes: its existing events are chained once, in
each stream's order, when the adapter first opens it (docs/decisions/0031-tamper-evidence.md)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .ledger import ZERO, StoredRecord, link


def chain_existing(records: Iterable[StoredRecord]) -> list[tuple[bytes, Any]]:
    """(hash, row id) for each record, read ordered by stream then version: the hashes the
    store would have written."""
    updates: list[tuple[bytes, Any]] = []
    stream, previous = None, ZERO
    for record in records:
        if record.stream != stream:
            stream, previous = record.stream, ZERO
        previous = link(previous, record.digest())
        updates.append((previous, record.position.parts[-1]))
    return updates
