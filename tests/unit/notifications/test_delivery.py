"""How and when a notification is e-mailed: the gentle defaults, alerts at once, the digest,
quiet hours across midnight, in the resident's time zone and across daylight-saving changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from notifications.domain.delivery import (
    DEFAULTS,
    DIGEST,
    NOW,
    Mail,
    after_quiet,
    grouped,
    in_app,
    mail,
    next_digest,
)

PARIS_EVENING = datetime(2026, 6, 10, 21, 0, tzinfo=UTC)  # 23:00 in Paris (summer, UTC+2)
PARIS_NOON = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)  # 12:00 in Paris


def test_by_default_matches_messages_bookings_and_alerts_go_now_the_rest_in_the_digest() -> None:
    for kind in (
        "match_proposed",
        "connection_made",
        "message_received",
        "booking_requested",
        "alert",
    ):
        assert mail(kind, DEFAULTS, PARIS_NOON, True) == Mail(NOW, PARIS_NOON), kind
    for kind in ("response_received", "new_listing", "neighbourhood_joined"):
        assert mail(kind, DEFAULTS, PARIS_NOON, True).how == DIGEST, kind  # type: ignore[union-attr]


def test_an_alert_goes_at_once_even_in_quiet_hours_and_with_no_e_mails_chosen() -> None:
    never = replace(DEFAULTS, email_frequency="never")
    assert mail("alert", never, PARIS_EVENING, True) == Mail(NOW, PARIS_EVENING)
    assert (
        mail("alert", replace(DEFAULTS, types={"alert": {"email": False}}), PARIS_NOON, True)
        is None
    )


def test_quiet_hours_hold_an_immediate_mail_until_they_end_next_morning() -> None:
    held = mail("message_received", DEFAULTS, PARIS_EVENING, True)
    assert held == Mail(NOW, datetime(2026, 6, 11, 5, 0, tzinfo=UTC))  # 07:00 in Paris


def test_after_midnight_the_quiet_hours_end_the_same_morning() -> None:
    small_hours = datetime(2026, 6, 11, 1, 30, tzinfo=UTC)  # 03:30 in Paris
    assert after_quiet(small_hours, DEFAULTS) == datetime(2026, 6, 11, 5, 0, tzinfo=UTC)


def test_quiet_hours_are_the_residents_own_time_zone() -> None:
    tokyo = replace(DEFAULTS, time_zone="Asia/Tokyo")
    # 23:00 UTC is 08:00 in Tokyo: not quiet there, though it is in Paris.
    late = datetime(2026, 6, 10, 23, 0, tzinfo=UTC)
    assert after_quiet(late, tokyo) == late
    assert after_quiet(late, DEFAULTS) == datetime(2026, 6, 11, 5, 0, tzinfo=UTC)


def test_quiet_hours_ending_after_the_clocks_go_forward_end_at_the_local_hour() -> None:
    # The night of 28 to 29 March 2026 Paris moves from UTC+1 to UTC+2.
    evening = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)  # 23:00 in Paris, winter time
    assert after_quiet(evening, DEFAULTS) == datetime(2026, 3, 29, 5, 0, tzinfo=UTC)  # 07:00 summer


def test_quiet_hours_within_a_day_and_none_at_all() -> None:
    lunch = replace(DEFAULTS, quiet_start="12:00", quiet_end="14:00")
    assert after_quiet(PARIS_NOON, lunch) == datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    assert (
        after_quiet(PARIS_EVENING, replace(DEFAULTS, quiet_start=None, quiet_end=None))
        == PARIS_EVENING
    )


def test_the_digest_leaves_at_the_chosen_local_hour_today_or_tomorrow() -> None:
    assert next_digest(PARIS_NOON, DEFAULTS) == datetime(2026, 6, 10, 16, 0, tzinfo=UTC)  # 18:00
    assert next_digest(PARIS_EVENING, DEFAULTS) == datetime(2026, 6, 11, 16, 0, tzinfo=UTC)
    at_six = replace(DEFAULTS, digest_hour=6)  # inside quiet hours: after them
    assert next_digest(PARIS_NOON, at_six) == datetime(2026, 6, 11, 5, 0, tzinfo=UTC)


def test_an_unconfirmed_address_gets_only_account_mail_which_never_enters_the_inbox() -> None:
    assert mail("alert", DEFAULTS, PARIS_NOON, False) is None
    assert mail("password_reset", DEFAULTS, PARIS_EVENING, False) == Mail(NOW, PARIS_EVENING)
    assert not in_app("password_reset", DEFAULTS) and in_app("alert", DEFAULTS)


@given(
    moment=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(
        ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC"]
    ),
    start=st.integers(0, 23),
    length=st.integers(1, 23),
)
def test_a_held_mail_leaves_within_a_day_and_never_inside_quiet_hours(
    moment: datetime, zone: str, start: int, length: int
) -> None:
    prefs = replace(
        DEFAULTS,
        time_zone=zone,
        quiet_start=f"{start:02d}:00",
        quiet_end=f"{(start + length) % 24:02d}:00",
    )
    leaves = after_quiet(moment, prefs)
    assert moment <= leaves <= moment + timedelta(hours=25)
    # When it leaves is not quiet any more (an hour that does not exist locally aside).
    assert after_quiet(leaves, prefs) - leaves <= timedelta(hours=1)


def test_a_digest_groups_by_kind_in_the_order_of_the_types_oldest_first() -> None:
    t0 = datetime(2026, 6, 10, tzinfo=UTC)
    items = [
        {"notification_id": "3", "type": "new_listing", "created_at": t0 + timedelta(hours=2)},
        {"notification_id": "1", "type": "neighbourhood_joined", "created_at": t0},
        {"notification_id": "2", "type": "new_listing", "created_at": t0 + timedelta(hours=1)},
        {
            "notification_id": "4",
            "type": "response_received",
            "created_at": t0 + timedelta(hours=3),
        },
    ]
    shape = [(g, [i["notification_id"] for i in listed]) for g, listed in grouped(items)]
    assert shape == [("neighbourhoods", ["1"]), ("listings", ["4", "2", "3"])]
