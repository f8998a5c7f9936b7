"""Every refusal the notifications domain declares is raised: one given/when/then per code, and
a check that no refusal of the domain's errors is left without its row or its raiser."""

from __future__ import annotations

import uuid

import pytest

from notifications.commands import Unsubscribe
from notifications.domain import errors, preferences
from tests.support.refusals_raised import assert_complete, rows
from tests.unit.notifications import AT, RID, change

row = rows(preferences.decide, preferences.fold_preferences)


TABLE = {
    "unknown_notification_type": row([], Unsubscribe(uuid.uuid4(), RID, "password_reset", AT)),
    "invalid_digest_hour": row([], change(digest_hour=-1)),
    "invalid_quiet_hours": row([], change(quiet_end="22:00")),
    "invalid_time_zone": row([], change(time_zone="Nowhere/Town")),
}

ELSEWHERE = {
    "unknown_notification": "the mark_read door (service/doors.py), which asks the inbox first",
    "invalid_unsubscribe_link": "the unsubscribe doors, which read the link's signed token",
}


@pytest.mark.parametrize("code", sorted(TABLE))
def test_the_domain_raises_the_refusal(code: str) -> None:
    assert TABLE[code].refused_code(errors.NotificationsRefusal) == code


def test_every_refusal_of_the_domain_has_its_row() -> None:
    assert_complete(TABLE, ELSEWHERE, errors.NotificationsRefusal, errors)
