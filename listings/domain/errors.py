"""Why the listings context refuses a command: one error per rule, each naming its refusal
(contracts/listings/refusals.py: code, status, field, details, limits). Messages hold counts,
limits and times, never a personal value nor a resident's id, so they are safe to log and to
show. The values a client may show beside the text are attributes named as the refusal's
`details`."""

from __future__ import annotations

from datetime import date, datetime

from contracts.listings import refusals


class ListingsRefusal(Exception):
    """A command refused by a rule of the listings context."""


class UnknownListing(ListingsRefusal):
    """No such listing, or one the asker may not see: the same answer for both."""

    refusal = refusals.UNKNOWN_LISTING


class UnknownResponse(ListingsRefusal):
    refusal = refusals.UNKNOWN_RESPONSE


class UnknownPhoto(ListingsRefusal):
    refusal = refusals.UNKNOWN_PHOTO


class NotAMember(ListingsRefusal):
    refusal = refusals.NOT_A_MEMBER


class NotAModerator(ListingsRefusal):
    refusal = refusals.NOT_A_MODERATOR


class NotTheAuthor(ListingsRefusal):
    refusal = refusals.NOT_THE_AUTHOR


class PhotoNotYours(ListingsRefusal):
    refusal = refusals.PHOTO_NOT_YOURS


class InvalidTitle(ListingsRefusal):
    refusal = refusals.INVALID_TITLE


class InvalidListingDescription(ListingsRefusal):
    refusal = refusals.INVALID_LISTING_DESCRIPTION


class TooManyPhotos(ListingsRefusal):
    refusal = refusals.TOO_MANY_PHOTOS


class InvalidDetails(ListingsRefusal):
    """The details do not fit the category; `fields` maps `details.<field>` to its problems."""

    refusal = refusals.INVALID_DETAILS

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__(f"invalid details: {', '.join(sorted(fields))}")
        self.fields = fields


class KindNotInCategory(ListingsRefusal):
    refusal = refusals.KIND_NOT_IN_CATEGORY


class InvalidExpiry(ListingsRefusal):
    refusal = refusals.INVALID_EXPIRY


class PostingLimitReached(ListingsRefusal):
    """A daily limit is used up until `resets_at`, `retry_after_seconds` after the refusal."""

    def __init__(self, what: str, per_day: int, resets_at: datetime, at: datetime) -> None:
        super().__init__(f"at most {per_day} {what} a day: the limit resets at {resets_at}")
        self.per_day = per_day
        self.resets_at = resets_at
        self.retry_after_seconds = max(1, int((resets_at - at).total_seconds() + 0.999))


class TooManyListings(PostingLimitReached):
    refusal = refusals.TOO_MANY_LISTINGS

    def __init__(self, per_day: int, resets_at: datetime, at: datetime) -> None:
        super().__init__("listings", per_day, resets_at, at)


class TooManyAlerts(PostingLimitReached):
    refusal = refusals.TOO_MANY_ALERTS

    def __init__(self, per_day: int, resets_at: datetime, at: datetime) -> None:
        super().__init__("alerts in one neighbourhood", per_day, resets_at, at)


class ListingNotOpen(ListingsRefusal):
    refusal = refusals.LISTING_NOT_OPEN


class ListingAlreadyOpen(ListingsRefusal):
    refusal = refusals.LISTING_ALREADY_OPEN


class ListingRemoved(ListingsRefusal):
    refusal = refusals.LISTING_REMOVED


class OwnListing(ListingsRefusal):
    refusal = refusals.OWN_LISTING


class AlreadyResponded(ListingsRefusal):
    refusal = refusals.ALREADY_RESPONDED


class InvalidMessage(ListingsRefusal):
    refusal = refusals.INVALID_MESSAGE


class ResponderAlreadyChosen(ListingsRefusal):
    refusal = refusals.RESPONDER_ALREADY_CHOSEN


class AlreadyReported(ListingsRefusal):
    refusal = refusals.ALREADY_REPORTED


class ReasonRequired(ListingsRefusal):
    refusal = refusals.REASON_REQUIRED


class InvalidReason(ListingsRefusal):
    refusal = refusals.INVALID_REASON


class ListingNotHidden(ListingsRefusal):
    refusal = refusals.LISTING_NOT_HIDDEN


class PhotoTooLarge(ListingsRefusal):
    """The uploaded file is larger than the refusal's `max_bytes`."""

    refusal = refusals.PHOTO_TOO_LARGE

    def __init__(self, message: str | None = None) -> None:
        limit = refusals.PHOTO_TOO_LARGE.limits["max_bytes"]
        super().__init__(message or f"a photo file has at most {limit} bytes")


class InvalidPhoto(ListingsRefusal):
    """The file is not an image we can read, or not one we accept; `reason` says why in a few
    words (never the file's content)."""

    refusal = refusals.INVALID_PHOTO

    def __init__(self, reason: str) -> None:
        super().__init__(f"invalid photo: {reason}")
        self.reason = reason


# Bookings of a loan or a rental (domain/calendar.py)


class UnknownBooking(ListingsRefusal):
    """No such booking, or one the asker is no party to: the same answer for both."""

    refusal = refusals.UNKNOWN_BOOKING


class UnknownBlock(ListingsRefusal):
    refusal = refusals.UNKNOWN_BLOCK


class NotBookable(ListingsRefusal):
    refusal = refusals.NOT_BOOKABLE


class InvalidPeriod(ListingsRefusal):
    refusal = refusals.INVALID_PERIOD


class BookingOverlaps(ListingsRefusal):
    """The dates meet another booking holding the item, from `start` to `end`."""

    refusal = refusals.BOOKING_OVERLAPS

    def __init__(self, message: str, start: date, end: date) -> None:
        super().__init__(message)
        self.start, self.end = start.isoformat(), end.isoformat()


class BlockedDates(ListingsRefusal):
    """The dates meet a period the owner blocked, from `start` to `end`."""

    refusal = refusals.DATES_BLOCKED

    def __init__(self, message: str, start: date, end: date) -> None:
        super().__init__(message)
        self.start, self.end = start.isoformat(), end.isoformat()


class TooManyBookings(ListingsRefusal):
    refusal = refusals.TOO_MANY_BOOKINGS


class BookingNotPending(ListingsRefusal):
    refusal = refusals.BOOKING_NOT_PENDING


class BookingNotCancellable(ListingsRefusal):
    refusal = refusals.BOOKING_NOT_CANCELLABLE


class BookingNotAccepted(ListingsRefusal):
    refusal = refusals.BOOKING_NOT_ACCEPTED


class BookingNotPickedUp(ListingsRefusal):
    refusal = refusals.BOOKING_NOT_PICKED_UP


class UnknownCalendar(ListingsRefusal):
    refusal = refusals.UNKNOWN_CALENDAR


# Exchanges (trip.py, purchase.py, giveaway.py)


class ExchangeNotOffered(ListingsRefusal):
    """Seats on a listing that is no trip, a pledge to one that is no group purchase..."""

    refusal = refusals.EXCHANGE_NOT_OFFERED


class TripFull(ListingsRefusal):
    """Fewer than the seats asked for are left on the date: `seats_left`."""

    refusal = refusals.TRIP_FULL

    def __init__(self, seats_left: int) -> None:
        super().__init__(f"only {seats_left} seats left on this date")
        self.seats_left = seats_left


class InvalidSeats(ListingsRefusal):
    refusal = refusals.INVALID_SEATS


class InvalidPickup(ListingsRefusal):
    refusal = refusals.INVALID_PICKUP


class NoDepartureOnDate(ListingsRefusal):
    refusal = refusals.NO_DEPARTURE_ON_DATE


class DeparturePassed(ListingsRefusal):
    refusal = refusals.DEPARTURE_PASSED


class OccurrenceCancelled(ListingsRefusal):
    refusal = refusals.OCCURRENCE_CANCELLED


class TripCancelled(ListingsRefusal):
    refusal = refusals.TRIP_CANCELLED


class SeatAlreadyBooked(ListingsRefusal):
    refusal = refusals.SEAT_ALREADY_BOOKED


class UnknownSeat(ListingsRefusal):
    refusal = refusals.UNKNOWN_SEAT


class NotYourSeat(ListingsRefusal):
    refusal = refusals.NOT_YOUR_SEAT


class SeatAlreadyCancelled(ListingsRefusal):
    refusal = refusals.SEAT_ALREADY_CANCELLED


class InvalidCancelReason(ListingsRefusal):
    refusal = refusals.INVALID_CANCEL_REASON


class InvalidQuantity(ListingsRefusal):
    refusal = refusals.INVALID_QUANTITY


class PledgesClosed(ListingsRefusal):
    refusal = refusals.PLEDGES_CLOSED


class PurchaseAlreadyConfirmed(ListingsRefusal):
    refusal = refusals.PURCHASE_CONFIRMED


class NoPledge(ListingsRefusal):
    refusal = refusals.NO_PLEDGE


class RecipientAlreadyChosen(ListingsRefusal):
    refusal = refusals.RECIPIENT_ALREADY_CHOSEN


class FirstComeGiveaway(ListingsRefusal):
    refusal = refusals.FIRST_COME_GIVEAWAY


class InvalidOffer(ListingsRefusal):
    refusal = refusals.INVALID_OFFER
