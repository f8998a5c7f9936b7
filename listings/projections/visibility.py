"""Who may see a listing, said once for every query of the read side (board, listing, photos,
my responses): its author always; anyone else only while its author is not erased, it is not
removed, and they are a member of a neighbourhood where it is shown, a moderator there if it is
hidden pending one. The domain's own rule (listings.domain) says the same for commands."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from listings.projections.facts import MODERATING


def visible(t: SimpleNamespace, f: SimpleNamespace, viewer_id: uuid.UUID) -> Any:
    """The condition on `t.listings` rows: the viewer may see the listing."""
    lst, p, m = t.listings, t.places, f.members
    viewer = str(viewer_id)
    shown_to_viewer = (
        sa.select(p.c.neighbourhood_id)
        .select_from(p.join(m, m.c.neighbourhood_id == p.c.neighbourhood_id))
        .where(
            p.c.listing_id == lst.c.listing_id,
            p.c.shown.is_(True),
            m.c.resident_id == viewer,
            sa.or_(lst.c.hidden.is_(False), m.c.role.in_(MODERATING)),
        )
        .exists()
    )
    return sa.or_(lst.c.author_id == viewer, sa.and_(on_boards(lst), shown_to_viewer))


def on_boards(lst: sa.Table) -> Any:
    """Listings shown to the members of their neighbourhoods (hidden ones to moderators)."""
    return sa.and_(lst.c.author_erased.is_(False), lst.c.status != "removed")


def on_board(lst: sa.Table, viewer_id: uuid.UUID, moderator: bool) -> Any:
    """The condition for one neighbourhood's board, whose member the viewer is."""
    seen = on_boards(lst) if moderator else sa.and_(on_boards(lst), lst.c.hidden.is_(False))
    return sa.or_(lst.c.author_id == str(viewer_id), seen)
