"""Invariants of proposals, whatever the listings: never across neighbourhoods, never to a
blocked pair, never to one's own listing, at most the daily number, each pair once."""

from __future__ import annotations

import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.commands import Settings
from matching.domain.listing import Home, Listing
from matching.domain.proposals import pair, propose
from tests.unit.matching import a_listing

PLACES = [uuid.UUID(int=n + 1) for n in range(3)]
PEOPLE = [uuid.UUID(int=n + 100) for n in range(4)]
WORDS = ["jardinage", "perceuse", "samedi", "vélo", "garden", "cours", "piano", "pelouse"]


@st.composite
def listings(draw: st.DrawFn) -> Listing:
    return a_listing(
        draw(st.sampled_from(["offer", "request"])),
        " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))),
        author=draw(st.sampled_from(PEOPLE)),
        neighbourhoods=frozenset(draw(st.sets(st.sampled_from(PLACES), min_size=1, max_size=2))),
        home=Home(48.85 + draw(st.integers(0, 8)) / 1000, 2.35, "rue des Lilas"),
    )


blocked_pairs = st.sets(
    st.tuples(st.sampled_from(PEOPLE), st.sampled_from(PEOPLE)).map(lambda p: pair(*p)),
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(listings(), st.lists(listings(), max_size=12), blocked_pairs, st.integers(1, 5))
def test_proposals_keep_within_neighbourhoods_and_away_from_blocked_pairs(
    subject: Listing,
    others: list[Listing],
    blocked: set[frozenset[uuid.UUID]],
    per_day: int,
) -> None:
    found = propose(subject, others, Settings(per_day, 1), blocked=blocked)
    assert len(found) <= per_day
    assert len({p.match_id for p in found}) == len(found)
    for proposal in found:
        offer, request = proposal.offer, proposal.request
        assert offer.kind == "offer" and request.kind == "request"
        shared = offer.neighbourhood_ids & request.neighbourhood_ids
        assert proposal.neighbourhood_id in shared
        assert offer.author_id != request.author_id
        assert pair(offer.author_id, request.author_id) not in blocked
