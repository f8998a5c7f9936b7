"""Why the listings context refuses a command: one error per rule, each naming its refusal
(contracts/listings/refusals.py: code, status, field, details, limits). Messages hold counts,
limits and times, never a personal value nor a resident's id, so they are safe to log and to
show. The values a client may show beside the text are attributes named as the refusal's
`details`."""

from __future__ import annotations

from datetime import datetime

from contracts.listings import refusals
from contracts.refusals import Refused, rule


class ListingsRefusal(Refused):
    """A command refused by a rule of the listings context."""


# No such listing, or one the asker may not see: the same answer for both.
UnknownListing = rule(ListingsRefusal, refusals.UNKNOWN_LISTING)
UnknownResponse = rule(ListingsRefusal, refusals.UNKNOWN_RESPONSE)
UnknownPhoto = rule(ListingsRefusal, refusals.UNKNOWN_PHOTO)
NotAMember = rule(ListingsRefusal, refusals.NOT_A_MEMBER)
NotAModerator = rule(ListingsRefusal, refusals.NOT_A_MODERATOR)
NotTheAuthor = rule(ListingsRefusal, refusals.NOT_THE_AUTHOR)
PhotoNotYours = rule(ListingsRefusal, refusals.PHOTO_NOT_YOURS)
InvalidTitle = rule(ListingsRefusal, refusals.INVALID_TITLE)
InvalidListingDescription = rule(ListingsRefusal, refusals.INVALID_LISTING_DESCRIPTION)
TooManyPhotos = rule(ListingsRefusal, refusals.TOO_MANY_PHOTOS)


class InvalidDetails(ListingsRefusal):
    """The details do not fit the category; `fields` maps `details.<field>` to its problems."""

    refusal = refusals.INVALID_DETAILS

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__(f"invalid details: {', '.join(sorted(fields))}")
        self.fields = fields


KindNotInCategory = rule(ListingsRefusal, refusals.KIND_NOT_IN_CATEGORY)
InvalidExpiry = rule(ListingsRefusal, refusals.INVALID_EXPIRY)


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


ListingNotOpen = rule(ListingsRefusal, refusals.LISTING_NOT_OPEN)
ListingAlreadyOpen = rule(ListingsRefusal, refusals.LISTING_ALREADY_OPEN)
ListingRemoved = rule(ListingsRefusal, refusals.LISTING_REMOVED)
OwnListing = rule(ListingsRefusal, refusals.OWN_LISTING)
AlreadyResponded = rule(ListingsRefusal, refusals.ALREADY_RESPONDED)
InvalidMessage = rule(ListingsRefusal, refusals.INVALID_MESSAGE)
ResponderAlreadyChosen = rule(ListingsRefusal, refusals.RESPONDER_ALREADY_CHOSEN)
AlreadyReported = rule(ListingsRefusal, refusals.ALREADY_REPORTED)
ReasonRequired = rule(ListingsRefusal, refusals.REASON_REQUIRED)
InvalidReason = rule(ListingsRefusal, refusals.INVALID_REASON)
ListingNotHidden = rule(ListingsRefusal, refusals.LISTING_NOT_HIDDEN)


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
