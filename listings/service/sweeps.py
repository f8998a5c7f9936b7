"""The listings service's timers: one expires listings whose time is up (policies/expiry.py),
one records the bookings' reminders due (policies/reminders.py); each one of
ListingsService's DOORS (service/__init__.py)."""

from __future__ import annotations

import logging
from typing import Any

from listings.policies import expiry, reminders
from listings.projections import calendar_queries, queries
from listings.service.errors import DOOR
from services.runtime.sweeps import sweep
from services.runtime.timers import configured_timer

log = logging.getLogger("quartier.listings")
SWEEP_SETTING = "QUARTIER_LISTING_EXPIRY_SWEEP_SECONDS"
SWEEP_SECONDS = 60.0


@configured_timer(SWEEP_SETTING, default=SWEEP_SECONDS)
def expire_listings(service: Any) -> None:
    """Every replica runs it: the domain expires a listing once, whoever asks."""

    def expire() -> Any:
        now = service.handlers.clock()
        with service.read.engine.connect() as conn:
            due = queries.due_for_expiry(conn, service.read.listings, now, expiry.BATCH)
        return expiry.expire_due(service.handlers, due, now)

    sweep(log, DOOR.translated, "listing expiry", expire, "listing expiry: %d listings due")


REMINDER_SETTING = "QUARTIER_BOOKING_REMINDER_SWEEP_SECONDS"
REMINDER_SECONDS = 300.0


@configured_timer(REMINDER_SETTING, default=REMINDER_SECONDS)
def remind_bookings(service: Any) -> None:
    """Every replica runs it: the domain records each reminder once, whoever asks."""

    def remind() -> Any:
        now = service.handlers.clock()
        with service.read.engine.connect() as conn:
            due = calendar_queries.due_reminders(
                conn, service.read.bookings, now.date(), reminders.BATCH
            )
        return reminders.remind_due(service.handlers, due, now)

    sweep(log, DOOR.translated, "booking reminders", remind, "booking reminders: %d bookings due")
