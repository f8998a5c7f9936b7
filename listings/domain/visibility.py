"""Who may see a listing, said once for the domain and the read side: its author always; the
members of a neighbourhood where it is shown while it is neither hidden nor removed; the
moderators of those neighbourhoods while it is hidden. Anything else is answered as if the
listing did not exist (unknown_listing), so that its existence is not revealed."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from listings.domain.errors import OwnListing, UnknownListing
from listings.domain.listing import REMOVED, Listing


def visible_to(
    author_id: uuid.UUID | None,
    shown_in: Iterable[uuid.UUID],
    status: str,
    hidden: bool,
    viewer_id: uuid.UUID,
    member_of: frozenset[uuid.UUID],
    moderates: frozenset[uuid.UUID],
) -> bool:
    """The rule on plain values, for a read model's row as for the domain's state."""
    if author_id is None:
        return False
    if viewer_id == author_id:
        return True
    if status == REMOVED:
        return False
    shown = set(shown_in)
    if hidden:
        return bool(shown & moderates)
    return bool(shown & (member_of | moderates))


def can_see(
    state: Listing,
    viewer_id: uuid.UUID,
    member_of: frozenset[uuid.UUID],
    moderates: frozenset[uuid.UUID] = frozenset(),
) -> bool:
    """`visible_to` on a listing's state."""
    return visible_to(
        state.author_id,
        state.neighbourhood_ids,
        state.status,
        state.hidden,
        viewer_id,
        member_of,
        moderates,
    )


def seen_by_another(state: Listing, viewer_id: uuid.UUID, member_of: frozenset[uuid.UUID]) -> None:
    """Refuses a member's answer to a listing (a response, a report) unless they see it and are
    not its author."""
    if not can_see(state, viewer_id, member_of):
        raise UnknownListing("no such listing")
    if viewer_id == state.author_id:
        raise OwnListing("this is your own listing")
