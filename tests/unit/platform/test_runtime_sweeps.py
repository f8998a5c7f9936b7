"""One pass of a periodic sweep: what it handled is logged, a failure is told as the service's
door would tell it and left for the next tick."""

from __future__ import annotations

import logging

import pytest

from services.runtime.doors import ServiceError
from services.runtime.sweeps import sweep

log = logging.getLogger("tests.sweeps")


def _known(exc: Exception) -> ServiceError | None:
    if isinstance(exc, LookupError):
        return ServiceError("unavailable", "the store is unavailable: retry later")
    return None


def test_what_a_sweep_handled_is_counted(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="tests.sweeps"):
        sweep(log, _known, "letters", lambda: ["a", "b"], "letters: %d discarded")
    assert caplog.messages == ["letters: 2 discarded"]


def test_a_sweep_that_handled_nothing_says_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="tests.sweeps"):
        sweep(log, _known, "letters", list, "letters: %d discarded")
    assert caplog.messages == []


def test_a_known_failure_is_told_by_the_service_answer(caplog: pytest.LogCaptureFixture) -> None:
    def job() -> list[str]:
        raise LookupError("row holding ada@example.org")

    with caplog.at_level(logging.INFO, logger="tests.sweeps"):
        sweep(log, _known, "letters", job, "letters: %d discarded")
    assert caplog.messages == [
        "letters: the store is unavailable: retry later; tried again at the next tick"
    ]


def test_an_unknown_failure_is_told_by_its_type_only(caplog: pytest.LogCaptureFixture) -> None:
    def job() -> list[str]:
        raise RuntimeError("row holding ada@example.org")

    with caplog.at_level(logging.INFO, logger="tests.sweeps"):
        sweep(log, _known, "letters", job, "letters: %d discarded")
    assert caplog.messages == ["letters: RuntimeError; tried again at the next tick"]
    assert "ada@" not in caplog.text
