"""Proposals: when an offer or a request is published, edited, reopened or restored, the
listings of the opposite kind open in its neighbourhoods that answer it are scored and the best
are proposed (matching/domain/proposals.py); when a listing stops being open, when two
residents block each other, when one is erased, their open matches are withdrawn.

One subscriber keeps the index it decides on (projections/index.py) and decides in the same
transaction, in log order, so that each proposal is decided on the index as it stood at that
event: replaying the log decides the same, and the commands it issues then carry the same ids
(derived from the pair of listings, or from the match and the causing event), so that nothing
is appended twice. Each proposal and withdrawal carries the causing event's time, never the
clock's. A publication recorded more than HORIZON ago proposes nothing: a rebuild replays it as
history (whatever the weights or the erasures since), its matches learned from the log.

    subscriber = proposals(codec, handlers)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.matching.matches import MATCH_NAMESPACE
from matching.commands import ProposeMatch, Settings, WithdrawMatch
from matching.domain.proposals import Proposal, pair, propose
from matching.domain.scoring import RELATED
from matching.projections import index, matches, tables
from matching.projections.index import Change, Seek, Withdraw
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber

NAME = "matching.proposals"
VERSION = 1
LISTING_TYPES = tuple(
    f"listings.{name}"
    for name in (
        "ListingPublished", "ListingEdited", "ListingClosed", "ListingReopened",
        "ListingExpired", "ListingHidden", "ListingRestored", "ListingRemoved",
        "ListingWithdrawn",
    )
)  # fmt: skip
IDENTITY_TYPES = (
    "identity.ResidentRegistered",
    "identity.ProfileChanged",
    "identity.AddressDeclared",
    "identity.ResidentErased",
)
BLOCK_TYPES = ("matching.ResidentBlocked", "matching.ResidentUnblocked")
MATCH_TYPES = tuple(
    f"matching.{name}"
    for name in (
        "MatchProposed",
        "MatchAccepted",
        "MatchDeclined",
        "MatchConnected",
        "MatchWithdrawn",
    )
)
TYPES = LISTING_TYPES + IDENTITY_TYPES + BLOCK_TYPES + MATCH_TYPES
# A replaced name, a home left, an erased resident's and an edited listing's old words leave no
# copy on disk (docs/decisions/0008).
SCRUB_AFTER = (
    "identity.ResidentErased",
    "identity.ProfileChanged",
    "identity.AddressDeclared",
    "listings.ListingEdited",
)
OPPOSITE = {"offer": "request", "request": "offer"}
HORIZON = timedelta(days=7)
"""A publication recorded longer ago than this proposes nothing when it is handled: a rebuild
replays history without proposing what was not proposed then (the log already holds what was),
and a matching service down for longer does not flood residents with stale suggestions."""


class RunsCommands(Protocol):
    settings: Settings
    clock: Callable[[], datetime]

    def act(self, command: Any, actor_id: uuid.UUID | None) -> str | None: ...


def proposal_command_id(match_id: uuid.UUID) -> uuid.UUID:
    """A pair's proposal is one command, however often and whenever it is decided."""
    return uuid.uuid5(MATCH_NAMESPACE, f"propose/{match_id}")


def withdrawal_command_id(event_id: uuid.UUID, match_id: str) -> uuid.UUID:
    return uuid.uuid5(MATCH_NAMESPACE, f"withdraw/{event_id}/{match_id}")


def proposals(codec: Codec, handlers: RunsCommands) -> Subscriber:
    def handle(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent) -> None:
        change = learn(tx, t, recorded, codec)
        if isinstance(change, Seek) and handlers.clock() - recorded.recorded_at <= HORIZON:
            for proposal in seek(tx, t, change, handlers.settings):
                proposal_command = proposed(proposal, change)
                tx.execute(t.matches.insert().values(**matches.row_of(proposal_command)))
                handlers.act(proposal_command, None)
        elif isinstance(change, Withdraw):
            for match_id in open_matches(tx, t, change):
                command_id = withdrawal_command_id(recorded.event_id, match_id)
                command = WithdrawMatch(command_id, uuid.UUID(match_id), change.cause, change.at)
                handlers.act(command, None)

    return Subscriber(
        NAME,
        handle,
        define=tables.define,
        types=TYPES,
        version=VERSION,
        scrub_after=SCRUB_AFTER,
    )


def learn(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent, codec: Codec) -> Change:
    """The event into the index; what it calls for."""
    if recorded.type in BLOCK_TYPES:
        return index.learn_block(tx, t, recorded.type, recorded.data, recorded.recorded_at)
    event = codec.decode(recorded).event
    if recorded.type in LISTING_TYPES:
        return index.learn_listing(tx, t, event)
    if recorded.type in IDENTITY_TYPES:
        return index.learn_resident(tx, t, event, recorded.version)
    matches.learn(tx, t, event)
    return None


def seek(tx: Connection, t: SimpleNamespace, change: Seek, settings: Settings) -> list[Proposal]:
    """The new proposals for the listing `change` names, from its index lookups."""
    subject_row = tx.execute(
        sa.select(t.listings).where(t.listings.c.listing_id == change.listing_id)
    ).first()
    if subject_row is None or not subject_row.open or subject_row.hidden:
        return []
    places = _places(tx, t, [change.listing_id])
    categories = (subject_row.category, *RELATED.get(subject_row.category, ()))
    p = t.placed
    found = (
        sa.select(p.c.listing_id)
        .where(
            p.c.neighbourhood_id.in_(sorted(places[change.listing_id])),
            p.c.category.in_(categories),
            p.c.kind == OPPOSITE[subject_row.kind],
            p.c.open.is_(True),
        )
        .distinct()
    )
    rows = tx.execute(sa.select(t.listings).where(t.listings.c.listing_id.in_(found))).all()
    places.update(_places(tx, t, [row.listing_id for row in rows]))
    authors = {subject_row.author_id, *(row.author_id for row in rows)}
    homes = _homes(tx, t, authors)
    subject = index.listing(
        subject_row, homes.get(subject_row.author_id), _ids(places[change.listing_id])
    )
    candidates = [
        index.listing(row, homes.get(row.author_id), _ids(places[row.listing_id])) for row in rows
    ]
    listed = [change.listing_id, *(row.listing_id for row in rows)]
    return propose(
        subject,
        candidates,
        settings,
        proposed=_proposed(tx, t, change.listing_id),
        today=_today(tx, t, listed, change.at.date().isoformat()),
        blocked=_blocked(tx, t, subject_row.author_id),
        erased=_erased(tx, t, authors),
    )


def proposed(proposal: Proposal, change: Seek) -> ProposeMatch:
    offer, request = proposal.offer, proposal.request
    return ProposeMatch(
        proposal_command_id(proposal.match_id),
        offer.listing_id,
        request.listing_id,
        offer.author_id,
        request.author_id,
        proposal.neighbourhood_id,
        request.category,
        proposal.score.total,
        tuple(reason.as_dict() for reason in proposal.score.reasons),
        change.at,
    )


def open_matches(tx: Connection, t: SimpleNamespace, change: Withdraw) -> list[str]:
    m = t.matches
    query = sa.select(m.c.match_id).where(m.c.status == "open")
    if change.listing_id is not None:
        query = query.where(
            (m.c.offer_id == change.listing_id) | (m.c.request_id == change.listing_id)
        )
    if len(change.resident_ids) == 1:
        (rid,) = change.resident_ids
        query = query.where((m.c.offer_author_id == rid) | (m.c.request_author_id == rid))
    elif change.resident_ids:
        a, b = change.resident_ids
        query = query.where(
            ((m.c.offer_author_id == a) & (m.c.request_author_id == b))
            | ((m.c.offer_author_id == b) & (m.c.request_author_id == a))
        )
    return sorted(tx.execute(query).scalars())


def _ids(values: set[str]) -> frozenset[uuid.UUID]:
    return frozenset(uuid.UUID(v) for v in values)


def _places(tx: Connection, t: SimpleNamespace, listing_ids: Sequence[str]) -> dict[str, set[str]]:
    p = t.placed
    found: dict[str, set[str]] = {lid: set() for lid in listing_ids}
    rows = tx.execute(
        sa.select(p.c.listing_id, p.c.neighbourhood_id).where(p.c.listing_id.in_(listing_ids))
    )
    for listing_id, neighbourhood_id in rows:
        found[listing_id].add(neighbourhood_id)
    return found


def _homes(tx: Connection, t: SimpleNamespace, authors: set[str]) -> dict[str, Any]:
    r = t.residents
    rows = tx.execute(sa.select(r).where(r.c.resident_id.in_(sorted(authors))))
    return {row.resident_id: index.home_of(row) for row in rows}


def _erased(tx: Connection, t: SimpleNamespace, authors: set[str]) -> set[uuid.UUID]:
    r = t.residents
    rows = tx.execute(
        sa.select(r.c.resident_id).where(r.c.resident_id.in_(sorted(authors)), r.c.erased.is_(True))
    )
    return {uuid.UUID(rid) for rid in rows.scalars()}


def _blocked(tx: Connection, t: SimpleNamespace, author_id: str) -> set[frozenset[uuid.UUID]]:
    b = t.blocks
    rows = tx.execute(
        sa.select(b.c.blocker_id, b.c.blocked_id).where(
            (b.c.blocker_id == author_id) | (b.c.blocked_id == author_id)
        )
    )
    return {pair(uuid.UUID(x), uuid.UUID(y)) for x, y in rows}


def _proposed(tx: Connection, t: SimpleNamespace, listing_id: str) -> set[uuid.UUID]:
    m = t.matches
    rows = tx.execute(
        sa.select(m.c.match_id).where((m.c.offer_id == listing_id) | (m.c.request_id == listing_id))
    )
    return {uuid.UUID(x) for x in rows.scalars()}


def _today(
    tx: Connection, t: SimpleNamespace, listing_ids: list[str], day: str
) -> dict[uuid.UUID, int]:
    m = t.matches
    counts: dict[uuid.UUID, int] = {}
    for column in (m.c.offer_id, m.c.request_id):
        rows = tx.execute(
            sa.select(column, sa.func.count())
            .where(column.in_(listing_ids), m.c.day == day)
            .group_by(column)
        )
        for listing_id, n in rows:
            counts[uuid.UUID(listing_id)] = counts.get(uuid.UUID(listing_id), 0) + n
    return counts
