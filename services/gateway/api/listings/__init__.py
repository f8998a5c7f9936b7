"""listings' API: boards and search, listings, responses, reports and moderation, photos."""

from services.gateway.api.listings import (
    bookings,
    exchanges,
    listings,
    moderation,
    photos,
    responses,
)
from services.gateway.http.routing import table

ROUTES = table(listings, responses, moderation, photos, bookings, exchanges)
MODERATION_LOG = moderation.entries
"""Listings' steps (hidden, restored, removed) in a neighbourhood's moderation log."""
