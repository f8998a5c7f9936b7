"""The numbers an operator tunes: defaults when unset, refused at start when malformed."""

from __future__ import annotations

from collections.abc import Callable

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
    ("read", "raw", "message"),
    [
        (seconds, "soon", "S must be a number of seconds"),
        (seconds, "0", "above 0"),
        (seconds, "-1", "above 0"),
        (whole, "1.5", "S must be a whole number"),
        (whole, "many", "whole number"),
        (whole, "0", "at least 1"),
    ],
)
def test_a_malformed_setting_is_refused_naming_it(
    read: Callable[[dict[str, str], str, int], float], raw: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        read({"S": raw}, "S", 3)
