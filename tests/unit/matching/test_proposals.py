"""Which matches a publication proposes: the best above the minimum, at most so many a day,
never a pair twice, never a resident's own, a blocked pair's, an erased resident's, nor across
neighbourhoods."""

from __future__ import annotations

import uuid

from matching.commands import Settings
from matching.domain.listing import Listing
from matching.domain.proposals import pair, propose
from tests.unit.matching import NEXT_DOOR, a_listing

SETTINGS = Settings(proposals_per_day=5, minimum_score=35)


def gardening_request() -> Listing:
    return a_listing("request", "Aide au jardinage samedi")


def offers(count: int) -> list[Listing]:
    return [
        a_listing("offer", "Jardinage, tonte de pelouse, le samedi", home=NEXT_DOOR)
        for _ in range(count)
    ]


def test_the_best_offers_are_proposed_best_first() -> None:
    subject = gardening_request()
    close = a_listing("offer", "Jardinage le samedi", home=NEXT_DOOR)
    far = a_listing("offer", "Jardinage", home=None)
    found = propose(subject, [far, close], SETTINGS)
    assert [p.offer.listing_id for p in found] == [close.listing_id, far.listing_id]
    assert found[0].score.total > found[1].score.total
    assert found[0].request.listing_id == subject.listing_id


def test_at_most_the_daily_number_are_proposed_for_a_listing() -> None:
    found = propose(gardening_request(), offers(8), SETTINGS)
    assert len(found) == 5


def test_proposals_made_today_count_against_the_day() -> None:
    subject = gardening_request()
    today = {subject.listing_id: 4}
    assert len(propose(subject, offers(3), SETTINGS, today=today)) == 1


def test_a_candidate_that_had_its_proposals_today_is_passed_over() -> None:
    subject = gardening_request()
    full, other = offers(2)
    today = {full.listing_id: 5}
    found = propose(subject, [full, other], SETTINGS, today=today)
    assert [p.offer.listing_id for p in found] == [other.listing_id]


def test_a_pair_already_proposed_is_not_proposed_again() -> None:
    subject = gardening_request()
    [first] = propose(subject, offers(1), SETTINGS)
    again = propose(subject, [first.offer], SETTINGS, proposed={first.match_id})
    assert again == []


def test_below_the_minimum_score_nothing_is_proposed() -> None:
    strict = Settings(minimum_score=100)
    assert propose(gardening_request(), offers(2), strict) == []


def test_own_listings_blocked_pairs_and_erased_residents_never_match() -> None:
    subject = gardening_request()
    author = subject.author_id
    own = a_listing("offer", "Jardinage samedi", author=author)
    blocked, erased = offers(2)
    found = propose(
        subject,
        [own, blocked, erased],
        SETTINGS,
        blocked={pair(author, blocked.author_id)},
        erased={erased.author_id},
    )
    assert found == []


def test_listings_of_the_same_kind_or_of_another_neighbourhood_never_match() -> None:
    subject = gardening_request()
    elsewhere = a_listing("offer", "Jardinage samedi", neighbourhoods=frozenset({uuid.uuid4()}))
    same_kind = a_listing("request", "Jardinage samedi")
    assert propose(subject, [elsewhere, same_kind], SETTINGS) == []
