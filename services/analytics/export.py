"""An export of the log for analysts: the chosen events, pseudonymised, into one file.

    count = export_events(store, codec, registry, selection, "parquet", "events.parquet")

The file appears whole or not at all: it is written under a temporary name beside it and
renamed once complete, so that an export killed half way leaves no file that looks finished.
"-" writes to standard output instead.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from contracts.registry import Registry
from services.eventstore import EventStore

from .columns import columns
from .formats import WRITERS
from .selection import Selection, pseudonymised

Progress = Callable[[int], None]


def export_events(
    store: EventStore,
    codec: Any,
    registry: Registry,
    chosen: Selection,
    fmt: str,
    output: str,
    progress: Progress | None = None,
) -> int:
    """Write the chosen events in `fmt` to `output` (a path, or "-"); the number written."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(WRITERS)}")
    declared = [c.type for c in registry if chosen.takes_type(c.type)]
    with _opened(output) as out:
        writer = WRITERS[fmt](out, columns(registry, declared))
        count = 0
        try:
            for body in pseudonymised(store, codec, chosen):
                writer.write(body)
                count += 1
                if progress is not None and count % 1000 == 0:
                    progress(count)
        except BaseException:
            # The partial file goes; its writer must let go of it first, quietly.
            with contextlib.suppress(Exception):
                writer.close()
            raise
        writer.close()
    if progress is not None:
        progress(count)
    return count


@contextlib.contextmanager
def _opened(output: str) -> Iterator[IO[bytes]]:
    if output == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    if target.is_dir():
        raise ValueError(f"{output} is a directory; name the file to write")
    if not target.parent.exists():
        raise ValueError(f"{target.parent} does not exist")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
