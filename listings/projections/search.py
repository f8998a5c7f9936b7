"""Full-text search of listings on either database, over the tokens listings.projections.text
makes (the listing row's `search` column: stemmed, unaccented, space separated):

- SQLite: an FTS5 table (unicode61, diacritics removed) holding each listing's tokens under the
  listing row's `seq`, kept here in the same transaction as the row;
- PostgreSQL: the tokens copied onto each of the listing's place rows, in a b-tree index of the
  board (neighbourhood, newest first) that carries them and holds the shown places only: one
  board's search reads that index alone, its rows matched as a tsvector (`array_to_tsvector`:
  the tokens are taken as they are, no parser or dictionary of the server's in between) against
  a tsquery, and only the listings it finds are visited (docs/decisions/0061).

Both answer the same question, "does the listing hold one form of every query word", so both
give the same listings (docs/decisions/0016-listings-search.md). `matches(..., indexed=False)`
asks it without either index, for the benchmark's baseline.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection


def fts_name(listings: sa.Table) -> str:
    return f"{listings.name}_fts"


def declare(listings: sa.Table, places: sa.Table) -> sa.Index:
    """The search index: the FTS5 table beside the listings table on SQLite (created and
    dropped with it), the index of the boards' words on the places table on PostgreSQL."""
    fts = fts_name(listings)
    sa.event.listen(
        listings,
        "after_create",
        sa.DDL(  # type: ignore[no-untyped-call]
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
            "tokens, places, tokenize = 'unicode61 remove_diacritics 2')"
        ).execute_if(dialect="sqlite"),
    )
    sa.event.listen(
        listings,
        "before_drop",
        sa.DDL(  # type: ignore[no-untyped-call]
            f"DROP TABLE IF EXISTS {fts}"
        ).execute_if(dialect="sqlite"),
    )
    return sa.Index(
        f"{places.name}_words",
        places.c.neighbourhood_id,
        places.c.published_us,
        places.c.listing_id,
        postgresql_include=["search"],
        postgresql_where=places.c.shown,
    ).ddl_if(dialect="postgresql")


def _vector(tokens: Any) -> Any:
    return sa.func.array_to_tsvector(sa.func.string_to_array(tokens, " "))


def beside_places(tx: Connection, places: sa.Table, tokens: dict[str, str | None]) -> None:
    """PostgreSQL's copy of listings' tokens (None: taken out of search) on every place row of
    each listing, by listing id; SQLite's FTS5 table holds them there (`index`)."""
    if tx.dialect.name != "postgresql" or not tokens:
        return
    tx.execute(
        places.update()
        .where(places.c.listing_id == sa.bindparam("lid"))
        .values(search=sa.bindparam("tokens")),
        [{"lid": lid, "tokens": words} for lid, words in tokens.items()],
    )


def index(
    tx: Connection, listings: sa.Table, seq: int, tokens: str | None, places: list[str]
) -> None:
    """The listing's tokens indexed anew, with the neighbourhoods it is shown in (None: taken
    out of search). PostgreSQL's index follows the row by itself."""
    index_all(tx, listings, [(seq, tokens, places)])


def index_all(
    tx: Connection, listings: sa.Table, entries: list[tuple[int, str | None, list[str]]]
) -> None:
    """`index` of several listings, (seq, tokens, places) each, in two statements."""
    if tx.dialect.name != "sqlite" or not entries:
        return
    fts = fts_name(listings)
    tx.execute(sa.text(f"DELETE FROM {fts} WHERE rowid = :seq"), [{"seq": e[0]} for e in entries])
    kept = [
        {"seq": seq, "tokens": tokens, "places": " ".join(map(place_token, places))}
        for seq, tokens, places in entries
        if tokens
    ]
    if kept:
        tx.execute(
            sa.text(f"INSERT INTO {fts} (rowid, tokens, places) VALUES (:seq, :tokens, :places)"),
            kept,
        )


def forget(tx: Connection, listings: sa.Table) -> None:
    """After an erasure: SQLite's FTS5 keeps deleted tokens in its segments until they merge;
    merging them all now leaves none of the erased texts' words in the index."""
    if tx.dialect.name == "sqlite":
        fts = fts_name(listings)
        tx.execute(sa.text(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')"))


def place_token(neighbourhood_id: str) -> str:
    return "n" + neighbourhood_id.replace("-", "")


def matches(
    dialect: str,
    listings: sa.Table,
    places: sa.Table,
    wanted: list[tuple[str, ...]],
    *,
    place: str,
    indexed: bool = True,
) -> Any:
    """The condition "the listing holds one form of every wanted word" (text.query's answer),
    asked of listings shown in `place` (joined to their rows of `places`)."""
    if not indexed:
        padded = sa.literal(" ") + listings.c.search + sa.literal(" ")
        return sa.and_(
            *(sa.or_(*(padded.like(f"% {form} %") for form in forms)) for forms in wanted)
        )
    if dialect == "sqlite":
        fts = sa.table(fts_name(listings), sa.column("rowid"))
        words = " AND ".join(
            "(" + " OR ".join(f'"{form}"' for form in forms) + ")" for forms in wanted
        )
        # The neighbourhood is a token of the index too: FTS5 intersects it with the words'
        # lists itself, rather than list every match of a common word across all boards, or
        # open a MATCH for each row of the board.
        phrase = f'places : "{place_token(place)}" AND tokens : ({words})'
        hits = sa.select(fts.c.rowid).where(
            sa.text(f"{fts.name} MATCH :phrase").bindparams(phrase=phrase)
        )
        return listings.c.seq.in_(hits.scalar_subquery())
    # Cast, not to_tsquery: the forms are matched as they are, as the index holds them.
    tsquery = " & ".join("(" + " | ".join(f"'{form}'" for form in forms) + ")" for forms in wanted)
    return _vector(places.c.search).op("@@")(sa.cast(sa.literal(tsquery), postgresql.TSQUERY))
