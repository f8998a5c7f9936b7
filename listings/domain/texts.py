"""What an author writes and attaches, checked and cleaned before anything is recorded: title,
description, details of the category, photos, expiry. The numbers come from the refusals."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from contracts.listings import refusals
from contracts.listings.categories import KINDS_BY_CATEGORY, details_errors, normalised_details
from listings.domain.errors import (
    InvalidDetails,
    InvalidExpiry,
    InvalidListingDescription,
    InvalidMessage,
    InvalidReason,
    InvalidTitle,
    KindNotInCategory,
    PhotoNotYours,
    ReasonRequired,
    TooManyPhotos,
)

MIN_TITLE = int(refusals.INVALID_TITLE.limits["min_length"])
MAX_TITLE = int(refusals.INVALID_TITLE.limits["max_length"])
MAX_DESCRIPTION = int(refusals.INVALID_LISTING_DESCRIPTION.limits["max_length"])
MAX_PHOTOS = int(refusals.TOO_MANY_PHOTOS.limits["max_photos"])
MAX_MESSAGE = int(refusals.INVALID_MESSAGE.limits["max_length"])
MAX_REASON = int(refusals.INVALID_REASON.limits["max_length"])
MAX_EXPIRY = timedelta(days=int(refusals.INVALID_EXPIRY.limits["max_days"]))
DEFAULT_EXPIRY = timedelta(days=refusals.DEFAULT_EXPIRY_DAYS)
ALERT_EXPIRY = timedelta(hours=refusals.ALERT_EXPIRY_HOURS)


def title(text: str) -> str:
    cleaned = " ".join(text.split())
    if not MIN_TITLE <= len(cleaned) <= MAX_TITLE:
        raise InvalidTitle(f"a title has {MIN_TITLE} to {MAX_TITLE} characters")
    return cleaned


def description(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) > MAX_DESCRIPTION:
        raise InvalidListingDescription(f"a description has at most {MAX_DESCRIPTION} characters")
    return cleaned


def message(text: str) -> str:
    cleaned = text.strip()
    if not 1 <= len(cleaned) <= MAX_MESSAGE:
        raise InvalidMessage(f"a message has 1 to {MAX_MESSAGE} characters")
    return cleaned


def reason(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ReasonRequired("say why")
    if len(cleaned) > MAX_REASON:
        raise InvalidReason(f"a reason has 1 to {MAX_REASON} characters")
    return cleaned


def kind(kind: str, category: str) -> None:
    if kind not in KINDS_BY_CATEGORY.get(category, ()):
        raise KindNotInCategory("this category has no listing of this kind")


def details(category: str, given: Any) -> dict[str, Any]:
    """The details as stored: validated and normalised by the category's contract."""
    problems = details_errors(category, given)
    if problems:
        raise InvalidDetails(problems)
    return normalised_details(category, given)


def photos(chosen: Sequence[uuid.UUID], owned: Mapping[uuid.UUID, str]) -> list[dict[str, str]]:
    """The photos as linked from events, in the order chosen, each once; only the author's."""
    unique = list(dict.fromkeys(chosen))
    if len(unique) > MAX_PHOTOS:
        raise TooManyPhotos(f"a listing has at most {MAX_PHOTOS} photos")
    if any(photo_id not in owned for photo_id in unique):
        raise PhotoNotYours("attach only photos you uploaded")
    return [{"photo_id": str(photo_id), "sha256": owned[photo_id]} for photo_id in unique]


def expiry(requested: datetime | None, at: datetime, category: str) -> datetime:
    """When a listing published, reopened or renewed at `at` expires: `requested`, in the
    future and within MAX_EXPIRY, else the category's default."""
    if requested is None:
        return at + (ALERT_EXPIRY if category == "alert" else DEFAULT_EXPIRY)
    if requested.tzinfo is None or not at < requested <= at + MAX_EXPIRY:
        raise InvalidExpiry(f"a listing expires in the future, within {MAX_EXPIRY.days} days")
    return requested
