"""Listings' events reach matching through RabbitMQ: identity, neighbourhoods, listings,
matching and the relay run as `make run` runs them (one process each), on a fresh vhost, event
store and read models on PostgreSQL.

An offer and a request published on both sides become one proposal with its reasons, even when
matching was down while the second was published; two accepts connect the pair.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from services.eventstore import connect
from tests.integration.calls import cid
from tests.integration.neighbourhoods.procs import PAIX, refused, register, square, verify
from tests.support import eventually
from tests.support.platform_procs import Served, environment, served

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
        store = connect(self.store_url)
        try:
            return [e.data for e in store.read_all(limit=None, types=[kind])]
        finally:
            store.close()


@pytest.fixture
def platform(
    amqp_uri: str, data_dir: Path, tmp_path: Path, databases: tuple[str, str]
) -> Iterator[Platform]:
    store, read = databases
    env = environment(data_dir, amqp_uri, QUARTIER_EVENT_STORE=store, QUARTIER_READ_MODELS=read)
    with (
        served(["services.relay.service"], env, tmp_path / "relay.log"),
        served(["identity.service"], env, tmp_path / "identity.log"),
        served(["neighbourhoods.service"], env, tmp_path / "neighbourhoods.log"),
        served(["listings.service"], env, tmp_path / "listings.log"),
        served(["matching.service"], env, tmp_path / "matching.log") as matching,
        ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30) as proxy,
    ):
        yield Platform(proxy, matching, store)
    log = (tmp_path / "matching.log").read_text()
    assert " ERROR " not in log, log


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
    assert platform.matching.matches_of(bob, after=accepted["position"])[0]["i_accepted"]
    eventually(
        lambda: platform.matching.matches_of(ada)[0]["status"] == "connected",
        what="the match connected",
    )
    assert len(platform.recorded("matching.MatchProposed")) == 1
