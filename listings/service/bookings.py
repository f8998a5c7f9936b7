"""The listings service's doors for the bookings of a loan or a rental: requesting, answering,
cancelling, handing over and returning a booking, blocking and unblocking dates. The queries
(an item's availability, my bookings, my calendar feed) are in service/calendar.py.

A command about a booking or a block names only its id: the listing it belongs to is looked up
in the bookings read model (a booking it has not heard of is unknown_booking). `after`, where
accepted, makes the door wait until this service's read models have applied that position.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from listings.commands.bookings import (
    AcceptBooking,
    BlockDates,
    CancelBooking,
    DeclineBooking,
    MarkPickedUp,
    MarkReturned,
    RequestBooking,
    UnblockDates,
)
from listings.domain.exchange_errors import UnknownBlock, UnknownBooking
from listings.handlers.base import resident_actor
from listings.handlers.bookings import item
from listings.projections import calendar_queries as queries
from listings.projections import facts
from listings.service.errors import DOOR
from listings.service.queries import reading
from listings.service.shapes import text
from services.runtime.doors import done

# Days an availability answers when `to` is left out.
DEFAULT_RANGE_DAYS = 62
TOKEN_BYTES = 32


def day(value: Any, name: str) -> date:
    if not isinstance(value, str):
        raise DOOR.invalid(f"{name} must be a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DOOR.invalid(f"{name} must be a date (YYYY-MM-DD)") from None


def flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise DOOR.invalid(f"{name} must be a boolean")
    return value


def _maybe_text(value: Any, name: str) -> str | None:
    return None if value is None else text(value, name)


def _item(service: Any, listing_id: uuid.UUID, who: uuid.UUID, after: str | None) -> Any:
    with reading(service, after) as conn:
        member_of = facts.member_of(conn, service.read.facts, who)
    return item(service.handlers.listing(listing_id), who, member_of)


@DOOR.rpc
@DOOR.wrap
def request_booking(
    service: Any,
    command_id: str,
    listing_id: str,
    borrower_id: str,
    start: str,
    end: str,
    starts_afternoon: bool = False,
    ends_at_noon: bool = False,
    message: str | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    """-> {booking_id, position}. unknown_listing, not_bookable, listing_not_open, own_listing,
    invalid_period, invalid_message, too_many_bookings, dates_blocked and booking_overlaps
    (details.start, details.end)."""
    lid, who = DOOR.uid(listing_id, "listing_id"), DOOR.uid(borrower_id, "borrower_id")
    command = RequestBooking(
        DOOR.uid(command_id, "command_id"), lid, who, day(start, "start"), day(end, "end"),
        flag(starts_afternoon, "starts_afternoon"), flag(ends_at_noon, "ends_at_noon"),
        _maybe_text(message, "message"), service.handlers.clock(), _item(service, lid, who, after),
    )  # fmt: skip
    outcome = service.handlers.run(command, resident_actor(who))
    return done(outcome.position, booking_id=command.booking_id)


@DOOR.rpc
@DOOR.wrap
def block_dates(
    service: Any,
    command_id: str,
    listing_id: str,
    owner_id: str,
    start: str,
    end: str,
    reason: str | None = None,
) -> dict[str, Any]:
    """-> {block_id, position}. unknown_listing, not_the_author, not_bookable,
    listing_not_open, invalid_period, invalid_reason, booking_overlaps."""
    lid, who = DOOR.uid(listing_id, "listing_id"), DOOR.uid(owner_id, "owner_id")
    command = BlockDates(
        DOOR.uid(command_id, "command_id"), lid, who, day(start, "start"), day(end, "end"),
        _maybe_text(reason, "reason"), service.handlers.clock(), _item(service, lid, who, None),
    )  # fmt: skip
    outcome = service.handlers.run(command, resident_actor(who))
    return done(outcome.position, block_id=command.block_id)


@DOOR.rpc
@DOOR.wrap
def unblock_dates(
    service: Any,
    command_id: str,
    listing_id: str,
    block_id: str,
    owner_id: str,
    after: str | None = None,
) -> dict[str, Any]:
    """-> {position}. unknown_block (of another listing too), not_the_author."""
    bid, who = DOOR.uid(block_id, "block_id"), DOOR.uid(owner_id, "owner_id")
    with reading(service, after) as conn:
        lid = queries.listing_of_block(conn, service.read.bookings, bid)
    if lid is None or lid != DOOR.uid(listing_id, "listing_id"):
        raise UnknownBlock("no such blocked period")
    command = UnblockDates(
        DOOR.uid(command_id, "command_id"), lid, bid, who, service.handlers.clock()
    )
    return done(service.handlers.run(command, resident_actor(who)).position)


def _on_booking(service: Any, booking_id: str, after: str | None) -> tuple[uuid.UUID, uuid.UUID]:
    bid = DOOR.uid(booking_id, "booking_id")
    with reading(service, after) as conn:
        lid = queries.listing_of(conn, service.read.bookings, bid)
    if lid is None:
        raise UnknownBooking("no such booking")
    return lid, bid


def _answer(
    service: Any,
    command: Callable[..., Any],
    command_id: str,
    booking_id: str,
    acting: tuple[str, str],
    after: str | None,
    *said: Callable[[], Any],
) -> dict[str, Any]:
    """Run `command(command_id, listing_id, booking_id, who, *said, at)` for the resident
    `acting` (their id, and the argument's name that carried it) on the booking's listing; the
    arguments are checked in that order, the booking looked up first."""
    lid, bid = _on_booking(service, booking_id, after)
    who = DOOR.uid(*acting)
    cid = DOOR.uid(command_id, "command_id")
    values = [check() for check in said]
    built = command(cid, lid, bid, who, *values, service.handlers.clock())
    outcome = service.handlers.run(built, resident_actor(who))
    return done(outcome.position)


@DOOR.rpc
@DOOR.wrap
def accept_booking(
    service: Any, command_id: str, booking_id: str, owner_id: str, after: str | None = None
) -> dict[str, Any]:
    """The owner accepts. -> {position}. unknown_booking, not_the_author, booking_not_pending."""
    return _answer(service, AcceptBooking, command_id, booking_id, (owner_id, "owner_id"), after)


@DOOR.rpc
@DOOR.wrap
def decline_booking(
    service: Any,
    command_id: str,
    booking_id: str,
    owner_id: str,
    reason: str | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    """The owner declines. -> {position}. unknown_booking, not_the_author,
    booking_not_pending, invalid_reason."""
    acting = (owner_id, "owner_id")
    said = functools.partial(_maybe_text, reason, "reason")
    return _answer(service, DeclineBooking, command_id, booking_id, acting, after, said)


@DOOR.rpc
@DOOR.wrap
def cancel_booking(
    service: Any,
    command_id: str,
    booking_id: str,
    resident_id: str,
    reason: str,
    after: str | None = None,
) -> dict[str, Any]:
    """Either side, before pickup. -> {position}. unknown_booking, booking_not_cancellable,
    reason_required, invalid_reason."""
    acting, said = (resident_id, "resident_id"), functools.partial(text, reason, "reason")
    return _answer(service, CancelBooking, command_id, booking_id, acting, after, said)


@DOOR.rpc
@DOOR.wrap
def booking_picked_up(
    service: Any, command_id: str, booking_id: str, resident_id: str, after: str | None = None
) -> dict[str, Any]:
    """Either side. -> {position}. unknown_booking, booking_not_accepted."""
    acting = (resident_id, "resident_id")
    return _answer(service, MarkPickedUp, command_id, booking_id, acting, after)


@DOOR.rpc
@DOOR.wrap
def booking_returned(
    service: Any, command_id: str, booking_id: str, owner_id: str, after: str | None = None
) -> dict[str, Any]:
    """The owner. -> {position}. unknown_booking, not_the_author, booking_not_picked_up."""
    return _answer(service, MarkReturned, command_id, booking_id, (owner_id, "owner_id"), after)


DOORS = (
    request_booking,
    accept_booking,
    decline_booking,
    cancel_booking,
    booking_picked_up,
    booking_returned,
    block_dates,
    unblock_dates,
)
