"""The withdrawal policy's rules on its own tables, on an SQLite and a PostgreSQL read-model
database: an author's listings are withdrawn from a neighbourhood when their membership there
ends (left, removed, home no longer verified, erased), a listing published just after its author
left is withdrawn at once, and a late message about an earlier membership undoes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from contracts.identity.events import ResidentErased
from contracts.listings.listings import ListingPublished, ListingWithdrawn
from contracts.neighbourhoods.members import (
    MemberJoined,
    MemberLeft,
    MemberRemoved,
    MemberWithdrawn,
)
from listings.policies.withdrawals import define, react

AT = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)
N1, N2 = uuid.uuid4(), uuid.uuid4()


class Policy:
    def __init__(self, engine: sa.Engine) -> None:
        metadata = sa.MetaData()
        self.tables: SimpleNamespace = define(metadata, f"_{uuid.uuid4().hex[:8]}")
        metadata.create_all(engine)
        self.engine = engine

    def handle(self, event: Any) -> set[tuple[str, str, str]]:
        with self.engine.begin() as tx:
            return {(lid, nid, cause) for lid, nid, cause, _ in react(tx, self.tables, event)}


def joined(rid: uuid.UUID, nid: uuid.UUID = N1, join_id: uuid.UUID | None = None) -> MemberJoined:
    return MemberJoined(nid, rid, join_id or uuid.uuid4(), AT)


def published(rid: uuid.UUID, *where: uuid.UUID) -> ListingPublished:
    return ListingPublished(
        uuid.uuid4(), rid, list(where), "offer", "loan", "Perceuse", "", {"item": "perceuse"},
        [], AT, AT,
    )  # fmt: skip


def test_an_ended_membership_withdraws_the_authors_listings_shown_there_only(
    database: Callable[[], sa.Engine],
) -> None:
    policy, ada, bob = Policy(database()), uuid.uuid4(), uuid.uuid4()
    ada_joined = joined(ada)
    both, here, bobs = published(ada, N1, N2), published(ada, N1), published(bob, N1)
    for event in (ada_joined, joined(ada, N2), joined(bob), both, here, bobs):
        assert policy.handle(event) == set()
    left = MemberLeft(N1, ada, ada_joined.join_id, AT)
    assert policy.handle(left) == {
        (str(both.listing_id), str(N1), "left"),
        (str(here.listing_id), str(N1), "left"),
    }


def test_each_way_a_membership_ends_has_its_cause(database: Callable[[], sa.Engine]) -> None:
    policy = Policy(database())
    for ending, cause in (
        (lambda rid, j: MemberRemoved(N1, rid, j, "Spam", AT), "removed"),
        (lambda rid, j: MemberWithdrawn(N1, rid, j, "moved", AT), "unverified"),
        (lambda rid, j: MemberWithdrawn(N1, rid, j, "erased", AT), "erased"),
    ):
        rid = uuid.uuid4()
        start = joined(rid)
        policy.handle(start)
        listing = published(rid, N1)
        policy.handle(listing)
        assert policy.handle(ending(rid, start.join_id)) == {
            (str(listing.listing_id), str(N1), cause)
        }


def test_an_erased_author_is_withdrawn_everywhere(database: Callable[[], sa.Engine]) -> None:
    policy, ada = Policy(database()), uuid.uuid4()
    policy.handle(joined(ada))
    policy.handle(joined(ada, N2))
    listing = published(ada, N1, N2)
    policy.handle(listing)
    withdrawn = policy.handle(ResidentErased(ada, AT))
    assert withdrawn == {(str(listing.listing_id), str(n), "erased") for n in (N1, N2)}


def test_a_listing_published_after_its_author_left_is_withdrawn_at_once(
    database: Callable[[], sa.Engine],
) -> None:
    policy, ada = Policy(database()), uuid.uuid4()
    start = joined(ada)
    policy.handle(start)
    policy.handle(joined(ada, N2))
    policy.handle(MemberRemoved(N1, ada, start.join_id, "Spam", AT))
    late = published(ada, N1, N2)
    assert policy.handle(late) == {(str(late.listing_id), str(N1), "removed")}


def test_a_withdrawn_listing_or_an_old_membership_ending_again_withdraws_nothing(
    database: Callable[[], sa.Engine],
) -> None:
    policy, ada = Policy(database()), uuid.uuid4()
    first = joined(ada)
    policy.handle(first)
    listing = published(ada, N1)
    policy.handle(listing)
    assert policy.handle(MemberLeft(N1, ada, first.join_id, AT))
    policy.handle(ListingWithdrawn(listing.listing_id, N1, "left", AT))
    assert policy.handle(MemberLeft(N1, ada, first.join_id, AT)) == set()

    # Back again: a late copy of the first departure leaves the new membership alone.
    policy.handle(joined(ada))
    again = published(ada, N1)
    assert policy.handle(again) == set()
    assert policy.handle(MemberLeft(N1, ada, first.join_id, AT)) == set()
    later = published(ada, N1)
    assert policy.handle(later) == set()
