"""The listings context's domain, pure: no I/O, no clock, no randomness. One module per
aggregate: listing.py (a listing's stream, state and evolve; its decisions in decide.py,
publishing.py, lifecycle.py, responses.py and moderation.py), author.py (an author's postings,
which hold the daily limits) and photo.py; visibility.py says once who may see a listing;
texts.py checks what authors write; errors.py names each rule's refusal."""

from collections.abc import Callable
from typing import Any

from . import calendar, feed
from .author import fold_postings
from .listing import fold
from .photo import fold_photo
from .purchase import fold_purchase
from .trip import fold_trip

# Each stream category's fold, for audits of an aggregate's state at a past moment.
FOLDS: dict[str, Callable[[list[Any]], Any]] = {
    "listings.listing": fold,
    "listings.author": fold_postings,
    "listings.photo": fold_photo,
    "listings.trip": fold_trip,
    "listings.purchase": fold_purchase,
    **calendar.FOLDS,
    **feed.FOLDS,
}
