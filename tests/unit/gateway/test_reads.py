"""Reads that wait for `after`: a position beyond the log's head is refused (after a short
grace for an append still committing), and each caller has at most two waits at once."""

from __future__ import annotations

import pytest

from services.eventstore import EventStoreUnavailable, Position
from services.gateway.access.reads import GRACE_SECONDS, WaitingReads
from services.gateway.http.errors import ApiError


class Log:
    def __init__(self, *heads: int | None) -> None:
        self.heads = list(heads)
        self.read = 0

    def head(self) -> Position | None:
        self.read += 1
        value = self.heads[min(self.read, len(self.heads)) - 1]
        return None if value is None else Position((value,))

    def position_from_string(self, text: str) -> Position:
        return Position.parse(text, 1)


def reads(log: Log, pauses: list[float]) -> WaitingReads:
    return WaitingReads(lambda: log, pause=pauses.append)  # type: ignore[arg-type, return-value]


def refused(call: object, *args: object) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


def test_a_position_reached_is_let_through_without_a_pause() -> None:
    pauses: list[float] = []
    reads(Log(7), pauses).check("7")
    assert pauses == []


def test_a_position_beyond_the_head_is_422_after_a_short_grace() -> None:
    pauses: list[float] = []
    error = refused(reads(Log(7), pauses).check, "8000000")
    assert (error.status, error.code, list(error.fields or {})) == (
        422,
        "validation_failed",
        ["after"],
    )
    assert pauses == list(GRACE_SECONDS) and sum(pauses) < 1.0


def test_a_position_that_becomes_visible_during_the_grace_is_let_through() -> None:
    pauses: list[float] = []
    reads(Log(7, 7, 9), pauses).check("9")
    assert len(pauses) == 2


def test_an_empty_log_has_no_position_and_another_stores_position_is_422() -> None:
    assert refused(reads(Log(None), []).check, "1").status == 422
    assert refused(reads(Log(7), []).check, "1.2").status == 422


def test_an_unreadable_log_is_503() -> None:
    class Away(Log):
        def head(self) -> Position | None:
            raise EventStoreUnavailable("away")

    assert refused(reads(Away(), []).check, "1").status == 503


def test_a_caller_has_two_waiting_reads_at_once_and_gets_them_back() -> None:
    waits = reads(Log(1), [])
    with waits.slot("ada"), waits.slot("ada"):
        error = refused(lambda: waits.slot("ada").__enter__())
        assert (error.status, error.headers["Retry-After"]) == (429, "1")
        with waits.slot("bea"):
            assert waits.under_way("bea") == 1
    assert waits.under_way("ada") == 0
    with waits.slot("ada"):
        pass
