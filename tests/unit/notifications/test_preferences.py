"""A resident's preferences: given events, when a command, then events or a refusal; read
marks; unsubscribe tokens."""

from __future__ import annotations

import uuid

import pytest

from contracts.notifications.events import NotificationRead, PreferencesChanged, TypeUnsubscribed
from notifications.commands import MarkAllRead, MarkRead, Unsubscribe
from notifications.domain import inbox, preferences
from notifications.domain.errors import (
    InvalidDigestHour,
    InvalidQuietHours,
    InvalidTimeZone,
    UnknownNotificationType,
)
from notifications.unsubscribe import Tokens
from tests.unit.notifications import AT, RID, change


def test_choosing_the_defaults_again_records_nothing() -> None:
    assert preferences.decide(change(), preferences.INITIAL) == []


def test_a_choice_keeps_only_what_differs_from_every_channel_on() -> None:
    (changed,) = preferences.decide(
        change(
            types={"new_listing": {"email": False}, "alert": {"in_app": True}},
            email_frequency="immediate",
        ),
        preferences.INITIAL,
    )
    assert isinstance(changed, PreferencesChanged)
    assert changed.types == {"new_listing": {"email": False}}
    after = preferences.evolve(preferences.INITIAL, changed)
    assert not after.wants("new_listing", "email") and after.wants("new_listing", "in_app")
    # Naming another type later keeps this one.
    (again,) = preferences.decide(change(types={"alert": {"in_app": False}}), after)
    assert again.types == {"new_listing": {"email": False}, "alert": {"in_app": False}}


@pytest.mark.parametrize(
    ("values", "rule"),
    [
        ({"types": {"password_reset": {"email": False}}}, UnknownNotificationType),
        ({"types": {"alert": {"sms": True}}}, UnknownNotificationType),
        ({"digest_hour": 24}, InvalidDigestHour),
        ({"quiet_start": "22:00", "quiet_end": "22:00"}, InvalidQuietHours),
        ({"quiet_start": "22:00", "quiet_end": None}, InvalidQuietHours),
        ({"quiet_start": "25:00", "quiet_end": "07:00"}, InvalidQuietHours),
        ({"time_zone": "Mars/Olympus"}, InvalidTimeZone),
    ],
)
def test_a_wrong_choice_is_refused_and_records_nothing(
    values: dict[str, object], rule: type
) -> None:
    with pytest.raises(rule):
        preferences.decide(change(**values), preferences.INITIAL)


def test_unsubscribing_turns_that_kinds_email_off_once() -> None:
    command = Unsubscribe(uuid.uuid4(), RID, "new_listing", AT)
    (done,) = preferences.decide(command, preferences.INITIAL)
    assert done == TypeUnsubscribed(RID, "new_listing", "email", AT)
    after = preferences.fold_preferences([done])
    assert not after.wants("new_listing", "email") and after.wants("new_listing", "in_app")
    assert preferences.decide(command, after) == []


def test_a_notification_is_marked_read_once_and_all_at_once_up_to_now() -> None:
    nid = uuid.uuid4()
    (read,) = inbox.decide(MarkRead(uuid.uuid4(), RID, nid, AT), inbox.INITIAL)
    assert read == NotificationRead(RID, nid, AT)
    assert inbox.decide(MarkRead(uuid.uuid4(), RID, nid, AT), inbox.fold_inbox([read])) == []
    (everything,) = inbox.decide(MarkAllRead(uuid.uuid4(), RID, AT), inbox.INITIAL)
    assert everything.up_to == AT


def test_an_unsubscribe_token_names_its_resident_and_kind_and_cannot_be_forged() -> None:
    tokens = Tokens(b"k" * 32)
    token = tokens.token(RID, "alert")
    found = tokens.read(token)
    assert found is not None and (found.resident_id, found.type) == (RID, "alert")
    assert Tokens(b"other key".ljust(32)).read(token) is None
    assert tokens.read(token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")) is None
    assert tokens.read("not a token!") is None
