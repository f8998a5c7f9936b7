"""Seats on a trip: booked on a departure date, never more than offered, cancelled by the
passenger or with the driver's occurrence or trip; weekly departures keep their local time
across the daylight-saving changes."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.listings.events import (
    SeatBooked,
    SeatCancelled,
    TripCancelled,
    TripOccurrenceCancelled,
)
from listings.domain import errors, exchange_errors
from listings.domain.schedule import Schedule
from listings.domain.trip import decide_trip, evolve_trip, fold_trip
from tests.support.attempts import attempt
from tests.support.scenarios import scenarios
from tests.unit.listings import T0, days
from tests.unit.listings.exchanges import (
    COMMUTE,
    DRIVER,
    MONDAY,
    OTHER,
    PASSENGER,
    THIRD,
    booking,
    commute,
    listing_of,
    occurrence_cancel,
    seat_cancel,
    trip_cancel,
)

trip = scenarios(fold_trip, decide_trip)
LISTING = commute()


def booked(command, seats: int = 1) -> SeatBooked:  # type: ignore[no-untyped-def]
    [event] = decide_trip(command, fold_trip([]))
    return event  # type: ignore[no-any-return]


def test_a_passenger_books_seats_on_a_weekly_departure_with_a_pickup_point() -> None:
    command = booking(LISTING, seats=2, pickup="Devant la boulangerie")
    trip().when(command).then(
        SeatBooked(
            command.seat_id,
            command.listing_id,
            DRIVER,
            PASSENGER,
            MONDAY,
            2,
            "Devant la boulangerie",
            command.at,
        )
    )


def test_more_seats_than_are_left_on_the_date_are_refused_with_the_seats_left() -> None:
    first = booked(booking(LISTING, OTHER, seats=2))
    refused = trip(first).when(booking(LISTING, seats=2)).refused(exchange_errors.TripFull)
    assert refused.seats_left == 1


def test_another_date_has_its_own_seats() -> None:
    first = booked(booking(LISTING, OTHER, seats=3))
    wednesday = booking(LISTING, day=MONDAY + timedelta(days=2), seats=3)
    assert len(decide_trip(wednesday, fold_trip([first]))) == 1


def test_a_cancelled_seat_frees_its_places() -> None:
    first = booked(booking(LISTING, OTHER, seats=3))
    freed = decide_trip(seat_cancel(LISTING, first.seat_id, OTHER), fold_trip([first]))
    assert len(decide_trip(booking(LISTING, seats=3), fold_trip([first, *freed]))) == 1


def test_a_date_the_trip_does_not_leave_on_is_refused() -> None:
    tuesday = booking(LISTING, day=MONDAY + timedelta(days=1))
    trip().when(tuesday).refused(exchange_errors.NoDepartureOnDate)


def test_a_departure_that_has_left_is_refused() -> None:
    late = booking(LISTING, at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    trip().when(late).refused(exchange_errors.DeparturePassed)


def test_a_one_off_trip_takes_seats_on_its_departure_day_only() -> None:
    departure = (T0 + days(3)).isoformat()
    one_off = listing_of(
        "transport", {**{k: v for k, v in COMMUTE.items() if k != "weekly"}, "departure": departure}
    )
    day = (T0 + days(3)).date()
    assert len(decide_trip(booking(one_off, day=day), fold_trip([]))) == 1
    trip().when(booking(one_off, day=day + timedelta(days=7))).refused(
        exchange_errors.NoDepartureOnDate
    )


def test_the_driver_books_no_seat_on_their_own_trip() -> None:
    trip().when(booking(LISTING, DRIVER)).refused(errors.OwnListing)


def test_a_loan_takes_no_seats() -> None:
    loan = listing_of("loan", {"item": "Perceuse"})
    trip().when(booking(loan)).refused(exchange_errors.ExchangeNotOffered)


def test_a_passenger_holds_one_booking_per_date() -> None:
    first = booked(booking(LISTING))
    trip(first).when(booking(LISTING)).refused(exchange_errors.SeatAlreadyBooked)


def test_only_the_passenger_or_the_driver_cancels_a_seat() -> None:
    first = booked(booking(LISTING))
    trip(first).when(seat_cancel(LISTING, first.seat_id, THIRD)).refused(
        exchange_errors.NotYourSeat
    )
    command = seat_cancel(LISTING, first.seat_id, DRIVER, "Pneu crevé")
    trip(first).when(command).then(
        SeatCancelled(
            first.seat_id,
            first.listing_id,
            DRIVER,
            PASSENGER,
            MONDAY,
            DRIVER,
            "Pneu crevé",
            command.at,
        )
    )


def test_the_driver_cancelling_a_date_cancels_its_seats_with_the_reason() -> None:
    mine = booked(booking(LISTING))
    theirs = booked(booking(LISTING, OTHER, seats=2))
    later = booked(booking(LISTING, THIRD, day=MONDAY + timedelta(days=2)))
    command = occurrence_cancel(LISTING)
    events = decide_trip(command, fold_trip([mine, theirs, later]))
    assert events[0] == TripOccurrenceCancelled(
        LISTING.listing_id, DRIVER, MONDAY, "Voiture au garage", command.at
    )
    lost = {e.passenger_id: e.reason for e in events[1:]}
    assert lost == {PASSENGER: "Voiture au garage", OTHER: "Voiture au garage"}
    state = fold_trip([mine, theirs, later, *events])
    trip(mine, theirs, later, *events).when(booking(LISTING, THIRD)).refused(
        exchange_errors.OccurrenceCancelled
    )
    assert state.taken(MONDAY + timedelta(days=2)) == 1


def test_the_driver_cancelling_the_trip_cancels_every_seat_and_every_booking_after() -> None:
    wednesday = MONDAY + timedelta(days=2)
    seats = [booked(booking(LISTING)), booked(booking(LISTING, OTHER, day=wednesday))]
    command = trip_cancel(LISTING)
    events = decide_trip(command, fold_trip(seats))
    assert isinstance(events[0], TripCancelled)
    assert {e.seat_id for e in events[1:]} == {s.seat_id for s in seats}
    trip(*seats, *events).when(booking(LISTING, THIRD)).refused(exchange_errors.TripCancelled)


def test_only_the_driver_cancels_a_date_and_says_why() -> None:
    trip().when(occurrence_cancel(LISTING, by=OTHER)).refused(errors.NotTheAuthor)
    trip().when(occurrence_cancel(LISTING, reason=" ")).refused(errors.ReasonRequired)


# Weekly departures across the daylight-saving changes of 2027 in Europe/Paris.

SPRING = date(2027, 3, 28)  # clocks go from 02:00 to 03:00
AUTUMN = date(2027, 10, 31)  # clocks go from 03:00 back to 02:00


def weekly(time: str = "08:00", zone: str | None = None) -> Schedule:
    days_ = {"days": ["sun"], "time": time, **({"time_zone": zone} if zone else {})}
    return Schedule(
        {"weekly": days_},
        datetime(2027, 1, 1, tzinfo=UTC),
        datetime(2027, 12, 31, tzinfo=UTC),
    )


def test_a_sunday_commute_leaves_at_eight_paris_time_on_both_sides_of_spring_forward() -> None:
    sundays = weekly().upcoming(datetime(2027, 3, 20, tzinfo=UTC), 3)
    assert [(d, m.astimezone(UTC).hour) for d, m in sundays] == [
        (date(2027, 3, 21), 7),
        (SPRING, 6),
        (date(2027, 4, 4), 6),
    ]
    assert all(m.hour == 8 for _, m in sundays)


def test_a_sunday_commute_leaves_at_eight_paris_time_on_both_sides_of_fall_back() -> None:
    sundays = weekly().upcoming(datetime(2027, 10, 23, tzinfo=UTC), 3)
    assert [(d, m.astimezone(UTC).hour) for d, m in sundays] == [
        (date(2027, 10, 24), 6),
        (AUTUMN, 7),
        (date(2027, 11, 7), 7),
    ]


def test_a_time_inside_the_spring_gap_reads_with_the_winter_offset() -> None:
    departure = weekly("02:30").departure_on(SPRING)
    assert departure is not None
    assert departure.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


def test_another_time_zone_is_read_when_the_trip_names_it() -> None:
    departure = weekly(zone="America/New_York").departure_on(SPRING)
    assert departure is not None
    assert departure.astimezone(UTC).hour == 12  # EDT since 14 March 2027


@settings(max_examples=60)
@given(
    st.dates(min_value=date(2027, 1, 3), max_value=date(2027, 12, 26)),
    st.sampled_from(["00:15", "02:30", "03:00", "08:00", "23:45"]),
)
def test_every_weekly_departure_is_its_local_time_on_its_own_day(day: date, time: str) -> None:
    schedule = weekly(time)
    sunday = day + timedelta(days=(6 - day.weekday()))
    departure = schedule.departure_on(sunday)
    assert departure is not None
    assert departure.date() == sunday
    assert departure.strftime("%H:%M") == time or (sunday == SPRING and time == "02:30")
    [(listed, moment)] = schedule.upcoming(departure - timedelta(minutes=1), 1)
    assert (listed, moment) == (sunday, departure)


# Never oversold, whatever the bookings and cancellations, in whatever order.

PASSENGERS = [uuid.uuid4() for _ in range(6)]
DATES = [MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(days=7)]
steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("book"), st.sampled_from(PASSENGERS), st.sampled_from(DATES), st.integers(1, 4)
        ),
        st.tuples(st.just("cancel"), st.integers(0, 20)),
        st.tuples(st.just("cancel_date"), st.sampled_from(DATES)),
    ),
    max_size=30,
)


@settings(max_examples=150)
@given(steps)
def test_seats_are_never_oversold(moves: list[tuple]) -> None:  # type: ignore[type-arg]
    state = fold_trip([])
    offered = COMMUTE["seats"]
    for move in moves:
        if move[0] == "book":
            command = booking(LISTING, move[1], move[2], move[3])
        elif move[0] == "cancel":
            held = sorted(state.held(), key=lambda s: str(s.seat_id))
            if not held:
                continue
            command = seat_cancel(LISTING, held[move[1] % len(held)].seat_id, DRIVER)
        else:
            command = occurrence_cancel(LISTING, move[1])
        state, _ = attempt(decide_trip, evolve_trip, state, command, errors.ListingsRefusal)
        for day in DATES:
            assert state.taken(day) <= offered
            assert state.taken(day) == 0 or day not in state.cancelled_dates


def test_a_seat_is_given_up_before_its_departure_only() -> None:
    first = booked(booking(LISTING))
    late = replace(
        seat_cancel(LISTING, first.seat_id, PASSENGER), at=datetime(2026, 3, 2, 8, tzinfo=UTC)
    )
    trip(first).when(late).refused(exchange_errors.DeparturePassed)
