"""Rate-limit windows: allowed up to the count, then refused until the window ends."""

from __future__ import annotations

import pytest

from services.gateway.access.ratelimit import Limit, client_key, parse_limits, verdict, window_start

LIMIT = Limit(3, 60)


def test_requests_up_to_the_count_are_allowed() -> None:
    for hits in (1, 2, 3):
        assert verdict(hits, 1000.0, LIMIT).allowed


def test_the_next_one_waits_for_the_end_of_its_window() -> None:
    refused = verdict(4, 1000.0, LIMIT)  # window 960..1020
    assert not refused.allowed
    assert refused.retry_after == 20


def test_retry_after_is_at_least_one_second() -> None:
    assert verdict(4, 1019.9, LIMIT).retry_after == 1


def test_windows_are_aligned_so_that_replicas_count_in_the_same_one() -> None:
    assert window_start(959.0, LIMIT) == 900
    assert window_start(960.0, LIMIT) == 960
    assert window_start(1019.0, LIMIT) == 960


def test_limits_are_read_from_configuration() -> None:
    assert parse_limits("sign_in=5/60, sign_up=2/3600") == {
        "sign_in": Limit(5, 60),
        "sign_up": Limit(2, 3600),
    }
    assert parse_limits("") == {}


@pytest.mark.parametrize("bad", ["sign_in", "sign_in=5", "sign_in=a/60", "=5/60", "x=0/60"])
def test_a_wrong_limit_names_itself(bad: str) -> None:
    with pytest.raises(ValueError, match="QUARTIER_RATE_LIMITS"):
        parse_limits(bad)


def test_client_addresses_are_stored_as_keyed_hashes() -> None:
    key = client_key(b"k" * 32, "192.0.2.7")
    assert "192.0.2.7" not in key
    assert key != client_key(b"j" * 32, "192.0.2.7")
    assert key == client_key(b"k" * 32, "192.0.2.7")
