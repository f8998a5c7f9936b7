"""Listings' events reach matching through RabbitMQ: identity, neighbourhoods, listings,
matching and the relay run as `make run` runs them (one process each), on a fresh vhost, event
store and read models on PostgreSQL.

An offer and a request published on both sides become one proposal with its reasons, even when
matching was down while the second was published; two accepts connect the pair, in one
connection both can see.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.calls import cid
from tests.integration.neighbourhoods.procs import PAIX, refused, register, square, verify
from tests.support import checkpoints, eventually
from tests.support.platform_procs import (
    Served,
    contexts_running,
)

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]
NEXT_DOOR = ("3 rue de la Paix", "71999", "Bourg-Démo")
SERVICE = {"tags": ["gardening"], "paid": False}


class Platform:
    def __init__(self, proxy: Any, matching: Served, store_url: str) -> None:
        self.identity = proxy.identity
        self.hoods = proxy.neighbourhoods
        self.listings = proxy.listings
        self.matching = proxy.matching
        self.process = matching
        self.store_url = store_url

    def publish(self, author: str, nid: str, kind: str, title: str, after: str) -> str:
        published = self.listings.publish(
            cid(), author, [nid], kind, "service", title, "", SERVICE, [], after=after
        )
        return str(published["listing_id"])

    def recorded(self, kind: str) -> list[dict[str, Any]]:
        return checkpoints.recorded(self.store_url, kind)


@pytest.fixture
def platform(
    amqp_uri: str, services_env: dict[str, str], tmp_path: Path, databases: tuple[str, str]
) -> Iterator[Platform]:
    contexts = ("identity", "neighbourhoods", "listings", "matching")
    with contexts_running(amqp_uri, services_env, tmp_path, *contexts) as (matching, proxy):
        yield Platform(proxy, matching, databases[0])


def test_both_sides_published_become_a_proposal_and_two_accepts_connect_them(
    platform: Platform, data_dir: Path
) -> None:
    ada, bob = register(platform.identity, "Ada"), register(platform.identity, "Bob")
    seen = verify(platform.identity, data_dir, ada, PAIX)
    seen = verify(platform.identity, data_dir, bob, NEXT_DOOR)
    nid = platform.hoods.create(cid(), ada, "La Paix", "", square(800), after=seen)
    joined = platform.hoods.join(cid(), nid["neighbourhood_id"], bob, after=seen)["position"]
    where = nid["neighbourhood_id"]
    offer = platform.publish(ada, where, "offer", "Aide au jardinage, le samedi", joined)

    # Matching is down while the request is published: it proposes once it is back.
    platform.process.kill()
    request = platform.publish(bob, where, "request", "Help in my garden on Saturdays", joined)
    platform.process.restart()

    [match] = eventually(lambda: platform.matching.matches_of(bob), what="the proposal")
    assert (match["my_listing"]["listing_id"], match["their_listing"]["listing_id"]) == (
        request,
        offer,
    )
    assert {r["factor"] for r in match["reasons"]} >= {"category", "words", "distance", "time"}
    assert match["other"]["display_name"] == "Ada"

    accepted = platform.matching.accept_match(cid(), match["match_id"], bob)
    refusal = refused(platform.matching.accept_match, cid(), match["match_id"], bob)
    assert refusal.code == "match_already_answered"
    platform.matching.accept_match(cid(), match["match_id"], ada)
    [connected] = eventually(
        lambda: platform.recorded("matching.MatchConnected"), what="the connection"
    )
    assert set(connected["resident_ids"]) == {ada, bob}
    # The connecting policy, in the same service, makes the one connection the match names.
    [made] = eventually(
        lambda: platform.recorded("matching.ConnectionMade"), what="the connection made"
    )
    assert (made["connection_id"], made["source"], made["match_id"]) == (
        connected["connection_id"],
        "match",
        match["match_id"],
    )
    [mine] = eventually(lambda: platform.matching.connections(bob), what="Bob's connection")
    assert mine["connection_id"] == connected["connection_id"]
    assert platform.matching.matches_of(bob, after=accepted["position"])[0]["i_accepted"]
    eventually(
        lambda: platform.matching.matches_of(ada)[0]["status"] == "connected",
        what="the match connected",
    )
    assert len(platform.recorded("matching.MatchProposed")) == 1
