"""Readiness: a subscriber counts as stuck when it is stopped at an event, or has events to
apply and has not moved for longer than the bound; the answer names checks, never values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.runtime.readiness import (
    DEFAULT_STUCK_SECONDS,
    Check,
    Checkpoint,
    answer,
    failing,
    is_ready,
    stuck_bound,
    subscriber_check,
)

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
BOUND = 120.0


def row(moved_ago: float, stuck_at: str | None = None, status: str = "active") -> Checkpoint:
    return Checkpoint(
        "listings.board",
        2,
        status,
        stuck_at,
        3 if stuck_at else 0,
        NOW - timedelta(seconds=moved_ago),
    )


def ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


def test_a_subscriber_with_nothing_to_apply_is_ready_however_long_it_has_been_idle() -> None:
    check = subscriber_check(row(moved_ago=86_400), None, NOW, BOUND)
    assert check == Check("subscriber:listings.board", True, "caught up")


def test_a_subscriber_behind_a_fresh_event_is_catching_up() -> None:
    check = subscriber_check(row(moved_ago=86_400), ago(5), NOW, BOUND)
    assert check.ok and check.detail == "catching up"


def test_a_subscriber_behind_an_old_event_that_keeps_moving_is_catching_up() -> None:
    check = subscriber_check(row(moved_ago=3), ago(3_600), NOW, BOUND)
    assert check.ok


def test_a_subscriber_behind_the_log_that_has_not_moved_past_the_bound_is_stuck() -> None:
    check = subscriber_check(row(moved_ago=BOUND + 30), ago(BOUND + 60), NOW, BOUND)
    assert not check.ok
    assert check.detail == f"behind the log with no progress for {BOUND + 30:.0f} s"


def test_the_bound_itself_is_not_yet_stuck() -> None:
    assert subscriber_check(row(moved_ago=BOUND), ago(BOUND), NOW, BOUND).ok


def test_a_subscriber_stopped_at_an_event_is_not_ready_even_when_it_just_moved() -> None:
    check = subscriber_check(row(moved_ago=0, stuck_at="e-1"), ago(1), NOW, BOUND)
    assert not check.ok
    assert check.detail.startswith("stopped at event e-1 after 3 attempts")


def test_a_rebuilding_generation_is_named_apart_from_the_live_one() -> None:
    check = subscriber_check(row(moved_ago=0, status="building"), ago(1), NOW, BOUND)
    assert check.name == "subscriber:listings.board (rebuilding)"


def test_the_answer_is_ready_only_when_every_check_is() -> None:
    ready = answer([Check("event_store", True, "reachable")])
    assert is_ready(ready) and failing(ready) == []
    not_ready = answer([Check("event_store", True, "ok"), Check("read_models", False, "down")])
    assert not_ready["status"] == "not_ready" and not is_ready(not_ready)
    assert failing(not_ready) == ["read_models"]
    assert not is_ready(None) and not is_ready("ready")


@pytest.mark.parametrize("given", ["0", "-5", "soon", "nan"])
def test_a_bound_that_is_not_a_positive_number_is_refused_naming_the_setting(given: str) -> None:
    with pytest.raises(ValueError, match="QUARTIER_HEALTH_STUCK_SECONDS"):
        stuck_bound({"QUARTIER_HEALTH_STUCK_SECONDS": given})


def test_the_bound_is_read_from_the_configuration_or_defaults() -> None:
    assert stuck_bound({"QUARTIER_HEALTH_STUCK_SECONDS": "30"}) == 30.0
    assert stuck_bound({"QUARTIER_HEALTH_STUCK_SECONDS": ""}) == DEFAULT_STUCK_SECONDS
    assert stuck_bound({}) == DEFAULT_STUCK_SECONDS
