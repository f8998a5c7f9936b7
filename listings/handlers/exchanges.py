"""The exchanges' commands: seats on a trip, pledges to a group purchase, a giveaway's
recipient. Each reads the listing's own stream for what it says (driver, organiser, details,
whether it is open) and hands that state to the command, which runs on the trip's or the
purchase's stream through the shared loop (handlers/base.py); the giveaway's runs on the
listing's.

    exchanges = ListingHandlers(...).exchanges
    booked = exchanges.book_seat(command_id, listing_id, passenger_id, day, 2, None, member_of)
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from contracts.envelope import Metadata
from listings.commands import ChooseRecipient
from listings.commands.purchases import Pledge, SettlePurchase, WithdrawPledge
from listings.commands.trips import BookSeat, CancelSeat, CancelTrip, CancelTripOccurrence
from listings.domain.listing import Listing
from listings.domain.purchase import Purchase, fold_purchase, purchase_stream
from listings.domain.trip import Trip, fold_trip, trip_stream
from listings.handlers.base import SYSTEM, Command, Streams, resident_actor
from services.eventstore.handling import Outcome


class Exchanges:
    """Returns what the command created (Created) or the position of its last event."""

    def __init__(self, streams: Streams) -> None:
        self._streams = streams
        self.clock = streams.clock

    def trip(self, listing_id: uuid.UUID) -> Trip:
        return fold_trip(self.trip_events(listing_id))

    def trip_events(self, listing_id: uuid.UUID) -> list[Any]:
        """The trip's events, decoded (a pickup point reads back ERASED once its passenger is)."""
        return self._streams.read(trip_stream(listing_id))[1]

    def listing(self, listing_id: uuid.UUID) -> Listing:
        return self._streams.listing(listing_id)

    def purchase(self, listing_id: uuid.UUID) -> Purchase:
        return fold_purchase(self.purchase_events(listing_id))

    def purchase_events(self, listing_id: uuid.UUID) -> list[Any]:
        return self._streams.read(purchase_stream(listing_id))[1]

    def book_seat(
        self,
        command_id: uuid.UUID,
        listing_id: uuid.UUID,
        passenger_id: uuid.UUID,
        day: date,
        seats: int,
        pickup: str | None,
        member_of: frozenset[uuid.UUID],
    ) -> tuple[uuid.UUID, str | None]:
        """-> (seat_id, position)."""
        command = BookSeat(
            command_id, listing_id, passenger_id, day, seats, pickup, self.clock(), member_of,
            self._streams.listing(listing_id),
        )  # fmt: skip
        return command.seat_id, self._run(command, passenger_id).position

    def cancel_seat(
        self,
        command_id: uuid.UUID,
        listing_id: uuid.UUID,
        seat_id: uuid.UUID,
        resident_id: uuid.UUID,
        reason: str | None,
    ) -> str | None:
        listing = self._streams.listing(listing_id)
        command = CancelSeat(
            command_id, listing_id, seat_id, resident_id, reason, self.clock(), listing
        )
        return self._run(command, resident_id).position

    def cancel_occurrence(
        self,
        command_id: uuid.UUID,
        listing_id: uuid.UUID,
        driver_id: uuid.UUID,
        day: date,
        reason: str,
    ) -> str | None:
        listing = self._streams.listing(listing_id)
        command = CancelTripOccurrence(
            command_id, listing_id, driver_id, day, reason, self.clock(), listing
        )
        return self._run(command, driver_id).position

    def cancel_trip(
        self, command_id: uuid.UUID, listing_id: uuid.UUID, driver_id: uuid.UUID, reason: str
    ) -> str | None:
        listing = self._streams.listing(listing_id)
        command = CancelTrip(command_id, listing_id, driver_id, reason, self.clock(), listing)
        return self._run(command, driver_id).position

    def pledge(
        self,
        command_id: uuid.UUID,
        listing_id: uuid.UUID,
        member_id: uuid.UUID,
        quantity: int,
        member_of: frozenset[uuid.UUID],
    ) -> str | None:
        listing = self._streams.listing(listing_id)
        command = Pledge(
            command_id, listing_id, member_id, quantity, self.clock(), member_of, listing
        )
        return self._run(command, member_id).position

    def withdraw_pledge(
        self, command_id: uuid.UUID, listing_id: uuid.UUID, member_id: uuid.UUID
    ) -> str | None:
        listing = self._streams.listing(listing_id)
        command = WithdrawPledge(command_id, listing_id, member_id, self.clock(), listing)
        return self._run(command, member_id).position

    def settle_purchase(self, command_id: uuid.UUID, listing_id: uuid.UUID) -> Outcome:
        """Confirm or lapse the purchase if it is due (the clock's sweep); else nothing."""
        listing = self._streams.listing(listing_id)
        command = SettlePurchase(command_id, listing_id, self.clock(), listing)
        return self._streams.run(command, command_id, _metadata(SYSTEM, command_id))

    def choose_recipient(
        self,
        command_id: uuid.UUID,
        listing_id: uuid.UUID,
        giver_id: uuid.UUID,
        response_id: uuid.UUID,
    ) -> tuple[uuid.UUID, str | None]:
        """-> (connection_id, position)."""
        command = ChooseRecipient(command_id, listing_id, giver_id, response_id, self.clock())
        return command.connection_id, self._run(command, giver_id).position

    def _run(self, command: Command, actor_id: uuid.UUID) -> Outcome:
        key = command.command_id
        return self._streams.run(command, key, _metadata(resident_actor(actor_id), key))


def _metadata(actor: str, command_id: uuid.UUID) -> Metadata:
    return Metadata.start(actor, command_id)
