"""The numbers an operator tunes: defaults when unset, refused at start when malformed."""

from __future__ import annotations

import pytest

from services.runtime.tunables import seconds, whole


@pytest.mark.parametrize("raw", [None, ""])
def test_an_unset_setting_is_its_default(raw: str | None) -> None:
    assert seconds({"S": raw}, "S", 7.5) == 7.5
    assert whole({"W": raw}, "W", 3) == 3
    assert seconds({}, "S", 1.0) == 1.0


def test_a_set_setting_is_read_as_a_number() -> None:
    assert seconds({"S": "0.25"}, "S", 60.0) == 0.25
    assert seconds({"S": 2}, "S", 60.0) == 2.0
    assert whole({"W": "12"}, "W", 3) == 12


@pytest.mark.parametrize(
    ("raw", "message"),
    [("soon", "S must be a number of seconds"), ("0", "above 0"), ("-1", "above 0")],
)
def test_malformed_seconds_are_refused_naming_the_setting(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        seconds({"S": raw}, "S", 60.0)


@pytest.mark.parametrize(
    ("raw", "message"),
    [("1.5", "W must be a whole number"), ("many", "whole number"), ("0", "at least 1")],
)
def test_malformed_whole_numbers_are_refused_naming_the_setting(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        whole({"W": raw}, "W", 3)
