"""The gateway's own tables, in its read-model database (the Platform's engine for "gateway").

They hold state of the gateway itself, not a projection of the log: a rebuild of a read model
never touches them. Sessions are found by the SHA-256 of their token; a database copy then
yields no usable token. Rate-limit counters are keyed by a keyed hash of the client's address.
"""

from __future__ import annotations

import sqlalchemy as sa

GATEWAY = sa.MetaData()
_at = sa.DateTime(timezone=True)

sessions = sa.Table(
    "gateway_sessions",
    GATEWAY,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("csrf_hash", sa.String(64), nullable=False),
    sa.Column("resident_id", sa.String(36), nullable=False, index=True),
    sa.Column("created_at", _at, nullable=False),
    sa.Column("last_seen_at", _at, nullable=False),
    sa.Column("expires_at", _at, nullable=False, index=True),  # the absolute end
    # The log position the sign-in saw: reads made with the session wait for it at least.
    sa.Column("position", sa.String(100)),
)

# The request ids of password changes made with a session: the revocation each change's event
# causes spares the session it came from. One row per change, not one per session, so that a
# second change asked before the first one's event arrives does not unspare the session.
session_spares = sa.Table(
    "gateway_session_spares",
    GATEWAY,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("correlation", sa.String(36), primary_key=True),
    sa.Index("gateway_session_spares_correlation", "correlation"),
)

rate_counters = sa.Table(
    "gateway_rate_counters",
    GATEWAY,
    sa.Column("bucket", sa.String(40), primary_key=True),
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("window_start", sa.BigInteger, primary_key=True),
    sa.Column("hits", sa.Integer, nullable=False),
    sa.Index("gateway_rate_counters_window", "window_start"),
)
