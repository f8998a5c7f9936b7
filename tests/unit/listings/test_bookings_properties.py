"""No two bookings of one item that hold their dates (requested, accepted, picked up) ever share
a half-day, whatever interleaving of requests, accepts, declines, cancellations, pickups and
returns happens: a stateful property test over the calendar's decide and fold."""

from __future__ import annotations

import uuid
from itertools import combinations
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from listings.domain.bookings import decide_calendar
from listings.domain.calendar import fold, meet
from listings.domain.errors import ListingsRefusal
from tests.unit.listings.calendar_kit import (
    OWNER,
    accept,
    block,
    cancel,
    decline,
    picked_up,
    request,
    returned,
)

ACTIONS = ["accept", "decline", "cancel", "owner_cancels", "pick", "return"]
BORROWERS = [uuid.UUID(int=n) for n in range(10, 16)]


class Calendar(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.history: list[Any] = []
        self.accepted_requests = 0

    def _try(self, command: Any) -> bool:
        try:
            decided = decide_calendar(command, fold(self.history))
        except ListingsRefusal:
            return False
        self.history.extend(decided)
        return True

    def _bookings(self) -> list[uuid.UUID]:
        return list(fold(self.history).bookings)

    @rule(
        borrower=st.sampled_from(BORROWERS),
        start=st.integers(0, 20),
        length=st.integers(0, 4),
        afternoon=st.booleans(),
        noon=st.booleans(),
    )
    def ask(
        self, borrower: uuid.UUID, start: int, length: int, afternoon: bool, noon: bool
    ) -> None:
        command = request(start, start + length, borrower, starts_afternoon=afternoon,
                          ends_at_noon=noon)  # fmt: skip
        self._try(command)

    @rule(pick=st.integers(0, 100), action=st.sampled_from(ACTIONS))
    def answer(self, pick: int, action: str) -> None:
        known = self._bookings()
        if not known:
            return
        booking = known[pick % len(known)]
        borrower = fold(self.history).bookings[booking].borrower_id
        command = {
            "accept": lambda: accept(booking),
            "decline": lambda: decline(booking),
            "cancel": lambda: cancel(booking, who=borrower),
            "owner_cancels": lambda: cancel(booking, who=OWNER),
            "pick": lambda: picked_up(booking, who=borrower),
            "return": lambda: returned(booking),
        }[action]()
        self._try(command)

    @rule(start=st.integers(0, 20), length=st.integers(0, 3))
    def block_dates(self, start: int, length: int) -> None:
        self._try(block(start, start + length))

    @invariant()
    def no_two_holding_bookings_share_a_half_day(self) -> None:
        state = fold(self.history)
        for a, b in combinations(state.holding(), 2):
            assert not meet(a.slots, b.slots), (a, b)

    @invariant()
    def no_holding_booking_meets_a_block_made_after_it(self) -> None:
        state = fold(self.history)
        for booking in state.holding():
            for blocked in state.blocks.values():
                assert not meet(booking.slots, blocked.slots)


TestCalendar = Calendar.TestCase
TestCalendar.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
