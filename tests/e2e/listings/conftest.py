"""The listings folder's platform: the booking reminders' and the purchases' sweeps tick every
second, so that a reminder due today is recorded and a purchase's deadline passes within a test.
One environment for the whole folder, so that its modules share one platform."""

from __future__ import annotations

import pytest

from tests.support.platform import GENEROUS_LIMITS


@pytest.fixture(scope="module")
def platform_env() -> dict[str, str]:
    return {
        "QUARTIER_RATE_LIMITS": GENEROUS_LIMITS,
        "QUARTIER_BOOKING_REMINDER_SWEEP_SECONDS": "1",
        "QUARTIER_PURCHASE_SWEEP_SECONDS": "1",
    }
