"""A memory event store that records the version each read of a stream starts from: how a test
tells a command that read its whole stream from one that read only what was appended since
(docs/decisions/0071, 0072)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.eventstore import connect


class CountedReads:
    """`reads`: the `from_version` of each `read_stream` of a stream `counted` accepts (every
    stream when None); everything else is the memory store's."""

    def __init__(self, counted: Callable[[str], bool] | None = None) -> None:
        self._store = connect("memory://")
        self._counted = counted
        self.reads: list[int] = []

    def read_stream(self, stream: str, from_version: int = 0) -> Any:
        if self._counted is None or self._counted(stream):
            self.reads.append(from_version)
        return self._store.read_stream(stream, from_version)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)
