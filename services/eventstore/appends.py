"""What every adapter checks of an append: its arguments before anything is written, the
stream's version against the expectation, and whether it repeats an earlier append (the same
event ids, same stream, same expectation)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from .ledger import digests
from .model import (
    ANY,
    NO_STREAM,
    AppendResult,
    DuplicateEventId,
    EncodedEvent,
    ExpectedVersion,
    NewEvent,
    RecordedEvent,
    WrongExpectedVersion,
    check_expected,
    check_stream,
    encode_events,
)


def checked_append(
    stream: str, events: Sequence[NewEvent], expected_version: object
) -> tuple[ExpectedVersion, list[EncodedEvent]]:
    """The expectation and the encoded events of an append; raises before anything is written
    when the stream name, the expectation or an event is invalid."""
    check_stream(stream)
    return check_expected(expected_version), encode_events(stream, events)


@dataclass(frozen=True)
class Pending:
    """An append checked, encoded and hashed before any lock is taken: writers wait for as
    little as can be."""

    stream: str
    encoded: list[EncodedEvent]
    expected: ExpectedVersion
    moment: datetime
    digests: list[bytes]


def pending(stream: str, events: Sequence[NewEvent], expected_version: object) -> Pending:
    """The append of `events` to `stream`, recorded now; raises before anything is written
    when it is invalid (checked_append)."""
    expected, encoded = checked_append(stream, events, expected_version)
    moment = datetime.now(UTC)
    return Pending(stream, encoded, expected, moment, digests(stream, encoded, moment))


def check_version(stream: str, expected: ExpectedVersion, actual: int | None) -> None:
    """Raise WrongExpectedVersion unless the stream, at version `actual` (None: it does not
    exist), meets `expected`."""
    if (expected is NO_STREAM and actual is not None) or (
        isinstance(expected, int) and expected != actual
    ):
        raise WrongExpectedVersion(stream, expected, actual)


def repeated_append(
    stream: str,
    encoded: Sequence[EncodedEvent],
    expected: ExpectedVersion,
    found: Sequence[RecordedEvent | None],
) -> AppendResult | None:
    """The first append's result when this one repeats it; None when none of its ids is recorded.

    `found` holds, for each event of the append, the recorded event with the same id (or None).
    Ids recorded elsewhere, or only some of them, are a conflict, never a silent success.
    """
    if all(f is None for f in found):
        return None
    first = found[0]
    if first is None:
        raise DuplicateEventId(stream, next(f.event_id for f in found if f is not None))
    start = first.version
    if expected is NO_STREAM:
        expected_start = 0
    elif expected is ANY:
        expected_start = start
    else:
        expected_start = expected + 1
    for offset, (event, recorded) in enumerate(zip(encoded, found, strict=True)):
        if (
            recorded is None
            or recorded.stream != stream
            or recorded.version != expected_start + offset
        ):
            raise DuplicateEventId(stream, event.event_id)
    last = found[-1]
    assert last is not None
    return AppendResult(last.version, last.position)
