"""A lent item's calendar: bookings requested, answered, cancelled, picked up and returned, the
owner's blocked dates, and the reminders due on the clock."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from contracts.listings.bookings import (
    BookingAccepted,
    BookingCancelled,
    BookingOverdue,
    BookingReminded,
    BookingRequested,
)
from listings.domain import errors, exchange_errors
from listings.domain.calendar import fold
from tests.unit.listings.calendar_kit import (
    BORROWER,
    LID,
    OTHER,
    OWNER,
    RENTAL,
    T0,
    accept,
    block,
    cancel,
    day,
    decline,
    given,
    picked_up,
    remind,
    request,
    requested,
    returned,
    run,
)


def test_a_member_requests_a_weekend_and_the_owner_accepts() -> None:
    command = request()
    [asked] = requested(command)
    assert asked == BookingRequested(
        command.booking_id, LID, OWNER, BORROWER, day(5), day(6), False, False,
        "Pour un week-end", "loan", None, None, T0,
    )  # fmt: skip
    given(asked).when(accept(asked.booking_id)).then(
        BookingAccepted(asked.booking_id, LID, OWNER, BORROWER, day(5), day(6), T0)
    )


def test_a_rental_records_its_price_for_the_period_and_its_deposit() -> None:
    [asked] = requested(request(start=5, end=7, item=RENTAL))
    assert (asked.price, asked.deposit) == ("37.50", "150.00")


def test_half_days_are_priced_as_started_days() -> None:
    command = request(start=5, end=6, item=RENTAL, starts_afternoon=True, ends_at_noon=True)
    [asked] = requested(command)
    assert asked.price == "12.50"


def test_an_overlapping_request_is_refused_with_the_dates_it_meets() -> None:
    history = requested(request(start=5, end=7))
    refusal = (
        given(*history)
        .when(request(start=7, end=9, borrower=OTHER))
        .refused(exchange_errors.BookingOverlaps)
    )
    assert (refusal.start, refusal.end) == (day(5).isoformat(), day(7).isoformat())


def test_a_morning_and_an_afternoon_of_one_day_go_to_two_borrowers() -> None:
    history = requested(request(start=5, end=6, ends_at_noon=True))
    later = request(start=6, end=7, borrower=OTHER, starts_afternoon=True)
    assert len(run(history, later)) == 2


def test_declined_and_cancelled_bookings_free_their_dates() -> None:
    first = requested()
    booking = first[0].booking_id
    for freeing in (decline(booking), cancel(booking), cancel(booking, who=OWNER)):
        history = run(first, freeing)
        assert len(run(history, request(borrower=OTHER))) == len(history) + 1


def test_a_picked_up_item_holds_its_dates_until_it_is_returned() -> None:
    history = requested()
    booking = history[0].booking_id
    history = run(run(history, accept(booking)), picked_up(booking))
    given(*history).when(request(borrower=OTHER)).refused(exchange_errors.BookingOverlaps)
    history = run(history, returned(booking))
    assert fold(run(history, request(borrower=OTHER))).bookings


def test_a_cancellation_keeps_who_cancelled_and_why() -> None:
    history = requested()
    [cancelled] = run(history, cancel(history[0].booking_id, who=OWNER, reason="En panne"))[1:]
    assert isinstance(cancelled, BookingCancelled)
    assert (cancelled.cancelled_by, cancelled.reason) == (OWNER, "En panne")


def test_a_cancellation_needs_a_reason() -> None:
    history = requested()
    given(*history).when(cancel(history[0].booking_id, reason=" ")).refused(errors.ReasonRequired)


def test_nothing_is_cancelled_after_pickup() -> None:
    history = requested()
    booking = history[0].booking_id
    history = run(run(history, accept(booking)), picked_up(booking))
    given(*history).when(cancel(booking)).refused(exchange_errors.BookingNotCancellable)


def test_only_the_owner_answers_and_strangers_learn_nothing() -> None:
    history = requested()
    booking = history[0].booking_id
    given(*history).when(accept(booking, owner=BORROWER)).refused(errors.NotTheAuthor)
    given(*history).when(accept(booking, owner=OTHER)).refused(exchange_errors.UnknownBooking)
    given(*history).when(cancel(booking, who=OTHER)).refused(exchange_errors.UnknownBooking)


def test_the_owner_cannot_book_their_own_item() -> None:
    given().when(request(borrower=OWNER)).refused(errors.OwnListing)


def test_a_closed_or_hidden_listing_takes_no_booking() -> None:
    given().when(request(item=replace(request().item, open=False))).refused(errors.ListingNotOpen)


def test_a_period_starts_today_or_later_and_ends_after_it_starts() -> None:
    given().when(request(start=-1, end=1)).refused(exchange_errors.InvalidPeriod)
    given().when(request(start=6, end=5)).refused(exchange_errors.InvalidPeriod)
    given().when(request(start=5, end=5, starts_afternoon=True, ends_at_noon=True)).refused(
        exchange_errors.InvalidPeriod
    )
    given().when(request(start=1, end=70)).refused(exchange_errors.InvalidPeriod)


def test_a_borrower_holds_at_most_two_open_bookings_of_one_item() -> None:
    history = run(requested(request(start=1, end=1)), request(start=3, end=3))
    given(*history).when(request(start=5, end=5)).refused(exchange_errors.TooManyBookings)
    assert len(run(history, request(start=5, end=5, borrower=OTHER))) == len(history) + 1


def test_blocked_dates_refuse_bookings_and_bookings_refuse_blocks() -> None:
    history = run([], block(10, 12))
    given(*history).when(request(start=12, end=13)).refused(exchange_errors.BlockedDates)
    assert len(run(history, request(start=5, end=6))) == 2
    given(*requested()).when(block(6, 8)).refused(exchange_errors.BookingOverlaps)
    given().when(block(1, 2, who=BORROWER)).refused(errors.NotTheAuthor)


def test_reminders_come_the_day_before_pickup_and_return_once_each() -> None:
    history = requested(request(start=5, end=7))
    booking = history[0].booking_id
    history = run(history, accept(booking))
    eve = T0 + timedelta(days=4)
    assert run(history, remind(booking, T0 + timedelta(days=3))) == history
    history = run(history, remind(booking, eve))
    assert isinstance(history[-1], BookingReminded) and history[-1].reminder == "pickup"
    assert run(history, remind(booking, eve + timedelta(hours=3))) == history
    history = run(history, picked_up(booking))
    history = run(history, remind(booking, T0 + timedelta(days=6)))
    assert history[-1].reminder == "return"


def test_an_item_not_back_after_its_last_day_is_overdue_once() -> None:
    history = requested(request(start=5, end=6))
    booking = history[0].booking_id
    history = run(run(history, accept(booking)), picked_up(booking))
    late = T0 + timedelta(days=7)
    history = run(history, remind(booking, late))
    assert isinstance(history[-1], BookingOverdue)
    assert run(history, remind(booking, late + timedelta(days=1))) == history


def test_a_reminder_for_an_unknown_booking_records_nothing() -> None:
    given().when(remind(uuid.uuid4(), T0)).then()
