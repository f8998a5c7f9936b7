"""Reminders of a booking, on the clock: the day before pickup, the day before the item goes
back, and once the item is overdue (listings.BookingReminded, BookingOverdue), for the
notifications context to send.

The service's timer asks the bookings read model which bookings may be due today, a batch at a
time, and issues RemindBooking for each as the system. The domain decides again on the item's
calendar: a reminder already recorded, or a booking cancelled or returned meanwhile, records
nothing, so a stale read model or two replicas sweeping at once remind no one twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from listings.commands.bookings import RemindBooking
from listings.handlers.base import SYSTEM

# How many bookings one tick looks at, at most: the next tick takes the rest.
BATCH = 200
_NAMESPACE = uuid.UUID("5b0f7a52-8c1e-4d7b-9a3e-0c6d2f4e8b19")


class RunsCommands(Protocol):
    def run(self, command: Any, actor: str) -> Any: ...


def command_id_for(booking_id: uuid.UUID, now: datetime) -> uuid.UUID:
    """One id per booking and tick: a retried tick appends nothing twice."""
    return uuid.uuid5(_NAMESPACE, f"remind/{booking_id}/{now.isoformat()}")


def remind_due(
    handlers: RunsCommands, due: Iterable[tuple[uuid.UUID, uuid.UUID]], now: datetime
) -> list[uuid.UUID]:
    """Record what is due at `now` for each (listing_id, booking_id) of `due`; the ids tried."""
    tried = []
    for listing_id, booking_id in due:
        command = RemindBooking(command_id_for(booking_id, now), listing_id, booking_id, now)
        handlers.run(command, SYSTEM)
        tried.append(booking_id)
    return tried
