"""The platform's key figures, each one SQL query over an export (DuckDB, table `events`:
type, position, recorded_at, data as JSON). Event types a context has not recorded yet (the
matching ones, before matching runs) simply count zero.

`in_window(t)` keeps what was recorded between --from and --to; states at the end of the
period (neighbourhoods forming or open) read everything up to --to.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chart:
    """How a figure is drawn: bars of `values` (columns) along `x`, one series per value
    column, or per distinct value of `series` when the rows are long."""

    x: str
    values: tuple[str, ...]
    series: str | None = None
    horizontal: bool = False


@dataclass(frozen=True)
class Figure:
    name: str
    title: str
    explains: str
    sql: str
    chart: Chart | None


WEEK = "date_trunc('week', recorded_at)::DATE"


def per_week(**counted: str) -> str:
    """Per week (Monday), how many events of each type: one column per keyword, named by it."""
    columns = ",\n".join(
        f"count(*) FILTER (WHERE type = '{kind}') AS {name}" for name, kind in counted.items()
    )
    kinds = ", ".join(f"'{kind}'" for kind in counted.values())
    return f"""
        SELECT {WEEK} AS week, {columns}
        FROM events
        WHERE type IN ({kinds}) AND in_window(recorded_at)
        GROUP BY ALL ORDER BY week
        """


def per_week_and(field: str, kind: str, counted: str) -> str:
    """Per week and value of the data's `field`, how many events of one type (`counted`)."""
    return f"""
        SELECT {WEEK} AS week, data->>'{field}' AS {field}, count(*) AS {counted}
        FROM events
        WHERE type = '{kind}' AND in_window(recorded_at)
        GROUP BY ALL ORDER BY week, {field}
        """


FIGURES: tuple[Figure, ...] = (
    Figure(
        "sign_ups",
        "Sign-ups per week",
        "Residents who registered, and residents erased at their request, per week (Monday).",
        per_week(sign_ups="identity.ResidentRegistered", erasures="identity.ResidentErased"),
        Chart("week", ("sign_ups", "erasures")),
    ),
    Figure(
        "verifications",
        "Address verifications per week and method",
        "Homes verified, by the way the resident proved it (letter, vouches, document).",
        per_week_and("method", "identity.AddressVerified", "verifications"),
        Chart("week", ("verifications",), series="method"),
    ),
    Figure(
        "neighbourhoods_per_week",
        "Neighbourhoods founded and opened per week",
        "A neighbourhood is forming from its founding until it has enough members to open.",
        per_week(
            founded="neighbourhoods.NeighbourhoodCreated",
            opened="neighbourhoods.NeighbourhoodOpened",
        ),
        Chart("week", ("founded", "opened")),
    ),
    Figure(
        "neighbourhoods_at_end",
        "Neighbourhoods forming and open at the end of the period",
        "Every neighbourhood founded up to --to, by its state then.",
        """
        WITH founded AS (
            SELECT DISTINCT data->>'neighbourhood_id' AS id FROM events
            WHERE type = 'neighbourhoods.NeighbourhoodCreated'),
        opened AS (
            SELECT DISTINCT data->>'neighbourhood_id' AS id FROM events
            WHERE type = 'neighbourhoods.NeighbourhoodOpened')
        SELECT state, count(*) AS neighbourhoods FROM (
            SELECT CASE WHEN o.id IS NULL THEN 'forming' ELSE 'open' END AS state
            FROM founded f LEFT JOIN opened o USING (id))
        GROUP BY ALL ORDER BY state
        """,
        Chart("state", ("neighbourhoods",)),
    ),
    Figure(
        "listings_by_category",
        "Listings published per category",
        "Offers and requests published in the period, by category.",
        """
        SELECT data->>'category' AS category,
               count(*) FILTER (WHERE data->>'kind' = 'offer') AS offers,
               count(*) FILTER (WHERE data->>'kind' = 'request') AS requests,
               count(*) AS listings
        FROM events
        WHERE type = 'listings.ListingPublished' AND in_window(recorded_at)
        GROUP BY ALL ORDER BY listings DESC, category
        """,
        Chart("category", ("offers", "requests"), horizontal=True),
    ),
    Figure(
        "listings_by_neighbourhood",
        "Listings published per neighbourhood",
        "A listing shown in several neighbourhoods counts once in each.",
        """
        WITH names AS (
            SELECT data->>'neighbourhood_id' AS id, arg_max(data->>'name', position_order) AS name
            FROM events
            WHERE type IN ('neighbourhoods.NeighbourhoodCreated',
                           'neighbourhoods.NeighbourhoodRenamed')
            GROUP BY ALL),
        shown AS (
            SELECT unnest(from_json(data->'neighbourhood_ids', '["VARCHAR"]')) AS id
            FROM events
            WHERE type = 'listings.ListingPublished' AND in_window(recorded_at))
        SELECT coalesce(n.name, s.id) AS neighbourhood, s.id AS neighbourhood_id,
               count(*) AS listings
        FROM shown s LEFT JOIN names n USING (id)
        GROUP BY ALL ORDER BY listings DESC, neighbourhood
        """,
        Chart("neighbourhood", ("listings",), horizontal=True),
    ),
    Figure(
        "response_and_match_rates",
        "Response and match rates per category",
        "Of the listings published in the period: the share that received at least one"
        " response, and the share proposed in at least one match (either side), by --to.",
        """
        WITH published AS (
            SELECT data->>'listing_id' AS id, data->>'category' AS category FROM events
            WHERE type = 'listings.ListingPublished' AND in_window(recorded_at)),
        responded AS (
            SELECT DISTINCT data->>'listing_id' AS id FROM events
            WHERE type = 'listings.ResponseSent'),
        matched AS (
            SELECT DISTINCT unnest([data->>'offer_id', data->>'request_id']) AS id FROM events
            WHERE type = 'matching.MatchProposed')
        SELECT p.category, count(*) AS listings,
               count(r.id) AS with_response, round(count(r.id) / count(*), 3) AS response_rate,
               count(m.id) AS with_match, round(count(m.id) / count(*), 3) AS match_rate
        FROM published p
        LEFT JOIN responded r USING (id) LEFT JOIN matched m USING (id)
        GROUP BY ALL ORDER BY listings DESC, p.category
        """,
        Chart("category", ("response_rate", "match_rate"), horizontal=True),
    ),
    Figure(
        "match_conversion",
        "From match to connection",
        "Matches proposed in the period and what became of them by --to; conversion is"
        " the share of proposed matches that became a connection.",
        """
        WITH proposed AS (
            SELECT DISTINCT data->>'match_id' AS id FROM events
            WHERE type = 'matching.MatchProposed' AND in_window(recorded_at)),
        outcome AS (
            SELECT data->>'match_id' AS id,
                   bool_or(type = 'matching.MatchAccepted') AS accepted,
                   bool_or(type = 'matching.MatchDeclined') AS declined,
                   bool_or(type = 'matching.MatchConnected') AS connected,
                   bool_or(type = 'matching.MatchWithdrawn') AS withdrawn
            FROM events
            WHERE type IN ('matching.MatchAccepted', 'matching.MatchDeclined',
                           'matching.MatchConnected', 'matching.MatchWithdrawn')
            GROUP BY ALL)
        SELECT count(*) AS proposed,
               count(*) FILTER (WHERE o.accepted) AS accepted_by_one_side,
               count(*) FILTER (WHERE o.declined) AS declined,
               count(*) FILTER (WHERE o.withdrawn) AS withdrawn,
               count(*) FILTER (WHERE o.connected) AS connected,
               CASE WHEN count(*) = 0 THEN NULL
                    ELSE round(count(*) FILTER (WHERE o.connected) / count(*), 3) END
                 AS conversion
        FROM proposed p LEFT JOIN outcome o USING (id)
        """,
        None,
    ),
    Figure(
        "connections_by_source",
        "Connections made per week and source",
        "Residents put in touch, by a match both accepted or by an author choosing a responder.",
        per_week_and("source", "matching.ConnectionMade", "connections"),
        Chart("week", ("connections",), series="source"),
    ),
    Figure(
        "time_to_first_response",
        "Median time to first response",
        "Hours from a listing's publication to its first response, for the listings published"
        " in the period that received one.",
        """
        WITH published AS (
            SELECT data->>'listing_id' AS id, data->>'category' AS category,
                   recorded_at AS at FROM events
            WHERE type = 'listings.ListingPublished' AND in_window(recorded_at)),
        first_response AS (
            SELECT data->>'listing_id' AS id, min(recorded_at) AS at FROM events
            WHERE type = 'listings.ResponseSent' GROUP BY ALL)
        SELECT coalesce(p.category, 'all') AS category, count(*) AS listings_answered,
               round(median(epoch(f.at - p.at)) / 3600.0, 2) AS median_hours
        FROM published p JOIN first_response f USING (id)
        GROUP BY ROLLUP (p.category) ORDER BY p.category NULLS FIRST
        """,
        Chart("category", ("median_hours",), horizontal=True),
    ),
    Figure(
        "moderation",
        "Moderation actions per week",
        "Reports, listings hidden, restored and removed, members removed, moderators appointed"
        " and dismissed, address proofs decided.",
        f"""
        SELECT {WEEK} AS week, split_part(type, '.', 2) AS action, count(*) AS actions
        FROM events
        WHERE type IN ('listings.ListingReported', 'listings.ListingHidden',
                       'listings.ListingRestored', 'listings.ListingRemoved',
                       'neighbourhoods.MemberRemoved', 'neighbourhoods.ModeratorAppointed',
                       'neighbourhoods.ModeratorDismissed', 'identity.ProofDocumentApproved',
                       'identity.ProofDocumentRejected')
          AND in_window(recorded_at)
        GROUP BY ALL ORDER BY week, action
        """,
        Chart("week", ("actions",), series="action"),
    ),
)
