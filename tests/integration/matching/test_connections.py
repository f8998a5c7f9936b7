"""Connections over RabbitMQ and PostgreSQL: identity, neighbourhoods, listings, matching and the
relay run as `make run` runs them (one process each).

A listing's author going ahead with a responder puts the two in touch (the connecting policy);
each then sees what the other discloses, they write to each other and thank each other. A block
in the middle of another pair's conversation ends their connection and hides the blocked side's
messages; a blocked pair is never connected again. An erased author's messages read as erased,
live and after the read model is rebuilt from the log.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from matching.policies import connecting
from matching.projections import connections as read_model
from services.runtime.doors import ServiceError
from tests.conftest import read_prefix
from tests.integration.neighbourhoods.procs import PAIX, cid, refused, register, square, verify
from tests.support import checkpoints, eventually
from tests.support.platform_procs import (
    Served,
    contexts_running,
)

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]


class Platform:
    def __init__(self, proxy: Any, process: Served, store_url: str, prefix: str) -> None:
        self.process = process
        self.identity = proxy.identity
        self.hoods = proxy.neighbourhoods
        self.listings = proxy.listings
        self.matching = proxy.matching
        self.store_url = store_url
        self.schema = f"{prefix}_matching"

    def connect(self, author: str, responder: str, nid: str, after: str) -> str:
        """`responder` answers a listing of `author`, who goes ahead with them: the
        connection's id."""
        details = {"item": "perceuse"}
        listing = self.listings.publish(
            cid(), author, [nid], "offer", "loan", "Perceuse", "", details, [], after=after
        )
        response = self.listings.respond(
            cid(), listing["listing_id"], responder, "Je suis intéressé", after=after
        )
        chosen = self.listings.choose_responder(
            cid(), listing["listing_id"], author, response["response_id"]
        )
        return str(chosen["connection_id"])

    def connection(self, connection_id: str, viewer: str) -> dict[str, Any] | None:
        try:
            return dict(self.matching.connection(connection_id, viewer))
        except ServiceError as error:
            if error.code != "unknown_connection":
                raise
            return None  # not made (yet)

    def texts(self, connection_id: str, viewer: str, after: str | None = None) -> list[Any]:
        page = self.matching.messages(connection_id, viewer, after=after)
        return [item["text"] for item in page["items"]]

    def policy_reached(self, position: str) -> bool:
        return checkpoints.reached(self.store_url, self.schema, connecting.NAME, position)

    def rebuild_read_model(self) -> None:
        """As a new version of the read model would: every event applied again from the log."""
        self.process.kill()
        names = ("connections", "messages", "thanks", "blocks")
        tables = [f"matching_{name}_v{read_model.VERSION}" for name in names]
        checkpoints.replay_from_the_start(self.schema, read_model.NAME, tables)
        self.process.restart()


@pytest.fixture
def platform(
    amqp_uri: str, services_env: dict[str, str], tmp_path: Path, databases: tuple[str, str]
) -> Iterator[Platform]:
    store, read = databases
    contexts = ("identity", "neighbourhoods", "listings", "matching")
    with contexts_running(amqp_uri, services_env, tmp_path, *contexts) as (process, proxy):
        yield Platform(proxy, process, store, read_prefix(read))


def test_a_chosen_responder_is_connected_writes_thanks_and_a_block_ends_another_pair(
    platform: Platform, data_dir: Path
) -> None:
    identity, hoods, matching = platform.identity, platform.hoods, platform.matching
    ada, bob, cleo, dan, eve = (register(identity, n) for n in ("Ada", "Bob", "Cleo", "Dan", "Eve"))
    for rid in (ada, bob, cleo, dan, eve):
        seen = verify(identity, data_dir, rid, PAIX)
    identity.update_profile(cid(), bob, "Bob", "06 12 34 56 78", "full")
    nid = hoods.create(cid(), ada, "La Paix", "", square(800), after=seen)["neighbourhood_id"]
    for rid in (bob, cleo, dan):
        joined = hoods.join(cid(), nid, rid, after=seen)["position"]

    # Ada goes ahead with Bob: the policy connects them; each sees what the other discloses.
    connection = platform.connect(ada, bob, nid, joined)
    seen_by_ada = eventually(lambda: platform.connection(connection, ada), what="connected")
    assert seen_by_ada["status"] == "open" and seen_by_ada["source"] == "response"
    bob_shown = seen_by_ada["other"]
    assert bob_shown["display_name"] == "Bob" and bob_shown["phone"] == "06 12 34 56 78"
    assert bob_shown["email"].startswith("bob-") and bob_shown["address"]["line"] == PAIX[0]
    ada_shown = matching.connection(connection, bob)["other"]
    assert ada_shown["display_name"] == "Ada" and ada_shown["email"] is None
    assert ada_shown["address"] == {"street": "rue de la Paix", "city": PAIX[2]}
    assert refused(matching.connection, connection, eve).code == "unknown_connection"

    # They write to each other, newest last, and thank each other.
    matching.post_message(cid(), connection, bob, "Bonjour Ada, quand puis-je passer ?")
    said = matching.post_message(cid(), connection, ada, "Demain 18 h ?")["position"]
    assert platform.texts(connection, bob, after=said) == [
        "Bonjour Ada, quand puis-je passer ?",
        "Demain 18 h ?",
    ]
    assert refused(matching.post_message, cid(), connection, eve, "Coucou").code == (
        "unknown_connection"
    )
    thanked = matching.give_thanks(cid(), connection, ada, "Merci Bob, rendu nickel !")
    [thanks] = matching.thanks(bob, cleo, after=thanked["position"])["items"]
    assert thanks["text"] == "Merci Bob, rendu nickel !"
    assert thanks["author"]["display_name"] == "Ada"
    assert refused(matching.thanks, bob, eve).code == "unknown_resident"  # no shared place
    assert refused(matching.give_thanks, cid(), connection, ada, "Encore").code == (
        "already_thanked"
    )

    # Cleo and Dan are talking when Dan blocks Cleo: their connection ends, Cleo may not
    # write, and neither reads the other's messages any more.
    other = platform.connect(cleo, dan, nid, joined)
    eventually(lambda: platform.connection(other, dan), what="Cleo and Dan connected")
    matching.post_message(cid(), other, cleo, "Salut Dan")
    matching.post_message(cid(), other, dan, "Salut Cleo")
    blocked = matching.block(cid(), dan, cleo)["position"]
    eventually(
        lambda: matching.connection(other, cleo)["status"] == "ended", what="the block ended it"
    )
    assert matching.connection(other, dan, after=blocked)["blocked"] is True
    assert platform.texts(other, dan, after=blocked) == ["Salut Cleo"]
    assert platform.texts(other, cleo) == ["Salut Dan"]
    assert refused(matching.post_message, cid(), other, cleo, "Pourquoi ?").code == "blocked"
    assert [b["resident_id"] for b in matching.blocks(dan)] == [cleo]

    # A blocked pair is never connected again: once the policy is past a later marker, no
    # connection was made.
    again = platform.connect(dan, cleo, nid, joined)
    marker = platform.connect(ada, dan, nid, joined)
    eventually(lambda: platform.connection(marker, dan), what="a later connection")
    assert platform.connection(again, dan) is None

    # Bob is erased: his messages read as erased, live and after a rebuild from the log.
    identity.erase(cid(), bob, "system:ops.test")
    eventually(
        lambda: platform.texts(connection, ada) == [None, "Demain 18 h ?"], what="erased live"
    )
    [page_item, _] = matching.messages(connection, ada)["items"]
    assert page_item["erased"] is True
    platform.rebuild_read_model()
    eventually(
        lambda: (
            platform.connection(connection, ada) is not None
            and platform.texts(connection, ada) == [None, "Demain 18 h ?"]
        ),
        what="erased after the rebuild",
    )
    assert matching.connection(connection, ada)["other"]["erased"] is True
