"""The rules' numbers come from the configuration, and a bad value stops the start."""

from __future__ import annotations

from datetime import timedelta

import pytest

from neighbourhoods.service.wiring import settings


def test_thresholds_default_to_ten_members_and_three_neighbourhoods() -> None:
    chosen = settings({})
    assert (chosen.members_to_open, chosen.max_neighbourhoods) == (10, 3)


def test_both_thresholds_are_configurable() -> None:
    chosen = settings(
        {"QUARTIER_NEIGHBOURHOOD_MEMBERS_TO_OPEN": "4", "QUARTIER_NEIGHBOURHOODS_PER_RESIDENT": "5"}
    )
    assert (chosen.members_to_open, chosen.max_neighbourhoods) == (4, 5)


@pytest.mark.parametrize("value", ["zero", "0", "-2", "2.5"])
def test_a_threshold_that_is_not_a_positive_whole_number_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="QUARTIER_NEIGHBOURHOODS_PER_RESIDENT"):
        settings({"QUARTIER_NEIGHBOURHOODS_PER_RESIDENT": value})


def test_a_reservation_is_stale_after_five_minutes_unless_configured() -> None:
    assert settings({}).stale_reservation == timedelta(minutes=5)
    chosen = settings({"QUARTIER_STALE_RESERVATION_SECONDS": "0.5"})
    assert chosen.stale_reservation == timedelta(seconds=0.5)


@pytest.mark.parametrize("value", ["soon", "0", "-1"])
def test_a_stale_period_that_is_not_a_positive_number_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="QUARTIER_STALE_RESERVATION_SECONDS"):
        settings({"QUARTIER_STALE_RESERVATION_SECONDS": value})
