"""The `listings` Nameko service: offers and requests, their photos, responses, reports and
moderation, and their exchanges (seats on trips, pledges to group purchases, a giveaway's
recipient: service/exchanges.py).

Thin doors over ListingHandlers (commands) and the read models (queries), reached over RPC by
the gateway. Every command takes the caller's `command_id` (a UUID: retrying with the same one
appends nothing twice) and answers a dict holding `position`; a query given `after=<position>`
answers once the read models have applied it (read-your-writes). Ids are UUID strings, times
ISO 8601 strings with their offset. The resident acting is named by the caller (the gateway,
from the session): `author_id`, `responder_id`, `reporter_id`, `moderator_id`, `viewer_id`.

Refusals are raised as the platform's ServiceError (service/errors.py translates listings'
own), which callers decode by its code. The policies
(withdrawals when an author stops being a member, an erased uploader's photos deleted) run
inside this service with its read models; expiry runs on a timer (service/sweeps.py), and so
does the settlement of group purchases whose deadline has come (service/exchanges.py).
"""

from __future__ import annotations

from listings.service import (
    bookings,
    calendar,
    doors,
    exchanges,
    photos,
    queries,
    sweeps,
    wiring,
)
from listings.service.errors import ServiceError
from services.runtime.health import Readiness, health
from services.runtime.read_models import ReadModels
from services.runtime.wiring import Handlers, with_doors

__all__ = ["ListingsService", "ServiceError"]


class ListingsService:
    """The service: its dependencies, and the doors of DOORS (nothing inherited)."""

    name = "listings"

    handlers = Handlers(wiring.handlers)
    photos = wiring.PhotoFiles()
    read = ReadModels(wiring.subscribers, queried=wiring.QUERIED)
    readiness = Readiness()


# One table of doors: a new door is added to its module's DOORS, nothing else changes here.
DOORS = (
    *doors.DOORS,
    *photos.DOORS,
    *queries.DOORS,
    sweeps.expire_listings,
    *bookings.DOORS,
    *calendar.DOORS,
    sweeps.remind_bookings,
    *exchanges.DOORS,
    health,
)
with_doors(ListingsService, DOORS)
