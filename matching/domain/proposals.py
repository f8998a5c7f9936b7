"""Which matches a listing's publication (or edit, or reopening) proposes: among the open
listings of the opposite kind that share a neighbourhood with it, those whose authors may be
matched with its author, scored (scoring.py), at least the minimum score, best first, at most
`proposals_per_day` new ones a day for it and for each candidate, never a pair twice.

Pure: the caller hands in the candidates its index found, the pairs already proposed, how many
each listing got today, the blocked pairs and the erased residents.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from contracts.matching.matches import match_id_for
from matching.commands import Settings
from matching.domain.listing import Listing
from matching.domain.scoring import Score, score


@dataclass(frozen=True)
class Proposal:
    offer: Listing
    request: Listing
    neighbourhood_id: uuid.UUID
    score: Score

    @property
    def match_id(self) -> uuid.UUID:
        return match_id_for(self.offer.listing_id, self.request.listing_id)


def pair(a: uuid.UUID, b: uuid.UUID) -> frozenset[uuid.UUID]:
    return frozenset((a, b))


def may_match(
    a: Listing,
    b: Listing,
    blocked: Collection[frozenset[uuid.UUID]],
    erased: Collection[uuid.UUID],
) -> bool:
    """Two listings of two residents who may be put in touch: opposite kinds, one shared
    neighbourhood, two different authors, neither erased, neither blocking the other."""
    return (
        a.kind != b.kind
        and bool(a.neighbourhood_ids & b.neighbourhood_ids)
        and a.author_id != b.author_id
        and a.author_id not in erased
        and b.author_id not in erased
        and pair(a.author_id, b.author_id) not in blocked
    )


def propose(
    subject: Listing,
    candidates: Iterable[Listing],
    settings: Settings,
    *,
    proposed: Collection[uuid.UUID] = (),
    today: Mapping[uuid.UUID, int] | None = None,
    blocked: Collection[frozenset[uuid.UUID]] = (),
    erased: Collection[uuid.UUID] = (),
) -> list[Proposal]:
    """The new proposals for `subject`, best first. `proposed`: match ids already proposed;
    `today`: how many proposals each listing got today."""
    counts = dict(today or {})
    scored: list[Proposal] = []
    for other in candidates:
        if not may_match(subject, other, blocked, erased):
            continue
        offer, request = (subject, other) if subject.kind == "offer" else (other, subject)
        if match_id_for(offer.listing_id, request.listing_id) in proposed:
            continue
        found = score(offer, request)
        if found is None or found.total < settings.minimum_score:
            continue
        shared = min(subject.neighbourhood_ids & other.neighbourhood_ids, key=str)
        scored.append(Proposal(offer, request, shared, found))
    scored.sort(key=lambda p: (-p.score.total, str(p.match_id)))
    chosen: list[Proposal] = []
    for proposal in scored:
        if counts.get(subject.listing_id, 0) >= settings.proposals_per_day:
            break
        other_id = (
            proposal.request.listing_id if subject.kind == "offer" else proposal.offer.listing_id
        )
        if counts.get(other_id, 0) >= settings.proposals_per_day:
            continue
        counts[subject.listing_id] = counts.get(subject.listing_id, 0) + 1
        counts[other_id] = counts.get(other_id, 0) + 1
        chosen.append(proposal)
    return chosen
