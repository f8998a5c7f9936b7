"""The few numbers at the top of the report, over the same `events` view as figures.py."""

from __future__ import annotations

HEADLINE: tuple[tuple[str, str], ...] = (
    (
        "Residents signed up",
        "SELECT count(*) FROM events"
        " WHERE type = 'identity.ResidentRegistered' AND in_window(recorded_at)",
    ),
    (
        "Homes verified",
        "SELECT count(*) FROM events"
        " WHERE type = 'identity.AddressVerified' AND in_window(recorded_at)",
    ),
    (
        "Neighbourhoods open at the end",
        "SELECT count(DISTINCT data->>'neighbourhood_id') FROM events"
        " WHERE type = 'neighbourhoods.NeighbourhoodOpened'",
    ),
    (
        "Listings published",
        "SELECT count(*) FROM events"
        " WHERE type = 'listings.ListingPublished' AND in_window(recorded_at)",
    ),
    (
        "Response rate",
        """
        SELECT round(count(r.id) / nullif(count(*), 0), 3) FROM (
            SELECT data->>'listing_id' AS id FROM events
            WHERE type = 'listings.ListingPublished' AND in_window(recorded_at)) p
        LEFT JOIN (SELECT DISTINCT data->>'listing_id' AS id FROM events
                   WHERE type = 'listings.ResponseSent') r USING (id)
        """,
    ),
    (
        "Matches proposed",
        "SELECT count(*) FROM events"
        " WHERE type = 'matching.MatchProposed' AND in_window(recorded_at)",
    ),
    (
        "Connections made",
        "SELECT count(*) FROM events"
        " WHERE type = 'matching.ConnectionMade' AND in_window(recorded_at)",
    ),
    (
        "Moderation actions",
        "SELECT count(*) FROM events WHERE type IN ('listings.ListingHidden',"
        " 'listings.ListingRestored', 'listings.ListingRemoved', 'neighbourhoods.MemberRemoved')"
        " AND in_window(recorded_at)",
    ),
)
