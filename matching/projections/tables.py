"""The tables the proposals policy keeps (one subscriber, one transaction per event, so that a
proposal is decided on the index exactly as it stood at that event's place in the log).

- listings: each listing's facts as matching compares them (words, skills, days, a trip's
  points and schedule), whether it is open, and its title as residents are shown it;
- placed: where each listing is shown, with its category, kind and openness: the index
  (neighbourhood, category, kind, open) a publication looks its candidates up in, never a scan;
- residents: a resident as matching needs them: display name, street and a street-level home
  (rounded as listings rounds it), erased;
- blocks: who blocked whom (learned from matching.ResidentBlocked / ResidentUnblocked);
- matches: every match proposed, its score and reasons, each side's answer, its status.
"""

from __future__ import annotations

import sqlalchemy as sa

from services.subscriptions.subscriber import SUFFIX, generations

_meta = sa.MetaData()
ID = sa.String(36)

LISTINGS = sa.Table(
    "matching_listings",
    _meta,
    sa.Column("listing_id", ID, primary_key=True),
    sa.Column("author_id", ID, nullable=False, index=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("category", sa.String(20), nullable=False),
    sa.Column("open", sa.Boolean, nullable=False),
    sa.Column("hidden", sa.Boolean, nullable=False),
    sa.Column("title", sa.String(200)),
    sa.Column("facts", sa.JSON, nullable=False),
)
PLACED = sa.Table(
    "matching_placed",
    _meta,
    sa.Column("neighbourhood_id", ID, primary_key=True),
    sa.Column("listing_id", ID, primary_key=True, index=True),
    sa.Column("category", sa.String(20), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("open", sa.Boolean, nullable=False),
    sa.Index(f"matching_placed{SUFFIX}_lookup", "neighbourhood_id", "category", "kind", "open"),
)
RESIDENTS = sa.Table(
    "matching_residents",
    _meta,
    sa.Column("resident_id", ID, primary_key=True),
    sa.Column("display_name", sa.String(100)),
    sa.Column("street", sa.String(200)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("erased", sa.Boolean, nullable=False),
    sa.Column("stream_version", sa.Integer, nullable=False),
)
BLOCKS = sa.Table(
    "matching_blocked_pairs",
    _meta,
    sa.Column("blocker_id", ID, primary_key=True),
    sa.Column("blocked_id", ID, primary_key=True, index=True),
)
MATCHES = sa.Table(
    "matching_matches",
    _meta,
    sa.Column("match_id", ID, primary_key=True),
    sa.Column("offer_id", ID, nullable=False, index=True),
    sa.Column("request_id", ID, nullable=False, index=True),
    sa.Column("offer_author_id", ID, nullable=False, index=True),
    sa.Column("request_author_id", ID, nullable=False, index=True),
    sa.Column("neighbourhood_id", ID, nullable=False),
    sa.Column("category", sa.String(20), nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("offer_accepted", sa.Boolean, nullable=False),
    sa.Column("request_accepted", sa.Boolean, nullable=False),
    sa.Column("connection_id", ID),
    sa.Column("withdrawal", sa.String(20)),
    sa.Index(f"matching_matches{SUFFIX}_daily_offer", "offer_id", "day"),
    sa.Index(f"matching_matches{SUFFIX}_daily_request", "request_id", "day"),
)

define = generations(
    listings=LISTINGS, placed=PLACED, residents=RESIDENTS, blocks=BLOCKS, matches=MATCHES
)
