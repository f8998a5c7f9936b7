"""The tables of neighbourhoods' read model (neighbourhoods.py): each neighbourhood, its members
and their roles, its moderation log, the rejoin requests awaiting a moderator and the moderator
role offered; beside them the boundary proposals (proposals.py) and the spatial index of
boundaries (spatial.py).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from neighbourhoods.domain.text import MAX_NAME
from neighbourhoods.projections import proposals, spatial
from services.subscriptions.subscriber import SUFFIX, generations

_meta = sa.MetaData()
AT = sa.DateTime(timezone=True)


def _pair() -> tuple[sa.Column[Any], sa.Column[Any]]:
    return (
        sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
        sa.Column("resident_id", sa.String(36), primary_key=True, index=True),
    )


PLACES = sa.Table(
    "neighbourhoods_places",
    _meta,
    sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(MAX_NAME), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("boundary", sa.JSON, nullable=False),
    sa.Column("area_km2", sa.Float, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),  # forming | open
    sa.Column("member_count", sa.Integer, nullable=False),
    sa.Column("founder_id", sa.String(36), nullable=False),
    sa.Column("created_at", AT, nullable=False),
    sa.Column("opened_at", AT),
    sa.Column("stream_version", sa.Integer, nullable=False),
)
MEMBERS = sa.Table(
    "neighbourhoods_members",
    _meta,
    *_pair(),
    sa.Column("join_id", sa.String(36), nullable=False),
    sa.Column("role", sa.String(10), nullable=False),
    sa.Column("since", AT, nullable=False),
)
LOG = sa.Table(
    "neighbourhoods_moderation_log",
    _meta,
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("neighbourhood_id", sa.String(36), nullable=False),
    sa.Column("stream_version", sa.Integer, nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("resident_id", sa.String(36), index=True),
    sa.Column("reason", sa.Text),
    sa.Column("reason_is_personal", sa.Boolean, nullable=False),
    sa.Column("proposal_id", sa.String(36)),
    sa.Column("at", AT, nullable=False),
    sa.Index(
        f"neighbourhoods_moderation_log{SUFFIX}_by_place", "neighbourhood_id", "stream_version"
    ),
)
REJOIN_REQUESTS = sa.Table(
    "neighbourhoods_rejoin_requests",
    _meta,
    *_pair(),
    sa.Column("message", sa.Text),
    sa.Column("requested_at", AT, nullable=False),
)
OFFERS = sa.Table(
    "neighbourhoods_moderator_offers",
    _meta,
    *_pair(),
    sa.Column("offered_at", AT, nullable=False),
)
_own = generations(
    places=PLACES, members=MEMBERS, log=LOG, rejoin_requests=REJOIN_REQUESTS, offers=OFFERS
)


def define(metadata: sa.MetaData, suffix: str) -> SimpleNamespace:
    return SimpleNamespace(
        **vars(_own(metadata, suffix)),
        **vars(spatial.define(metadata, suffix)),
        **vars(proposals.define(metadata, suffix)),
    )
