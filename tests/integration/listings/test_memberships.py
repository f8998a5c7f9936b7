"""Neighbourhoods' and identity's events drive who may post listings and what is shown: identity,
neighbourhoods, listings and the relay run as `make run` runs them (one process each), on a
fresh RabbitMQ vhost, event store and read models on PostgreSQL.

A resident may post once they joined; a non-member sees no board and no listing; an author who
leaves, is removed or is erased has their listings withdrawn (and an erased resident's photos
deleted), whether the listings service is
up when it happens or started only afterwards, and however often it handles the same events.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from listings.policies import withdrawals
from tests.conftest import read_prefix
from tests.integration.neighbourhoods.procs import PAIX, cid, refused, register, square, verify
from tests.support import checkpoints, eventually
from tests.support.platform_procs import (
    Served,
    contexts_running,
    wake_up_twice,
)

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]
SERVICES = ("identity", "neighbourhoods", "listings")
MEMBERSHIP_EVENTS = ("MemberJoined", "MemberLeft", "MemberRemoved", "MemberWithdrawn")


class Platform:
    def __init__(self, proxy: Any, process: Served, store_url: str, prefix: str) -> None:
        self.identity = proxy.identity
        self.hoods = proxy.neighbourhoods
        self.listings = proxy.listings
        self.process = process
        self.store_url = store_url
        self.schema = f"{prefix}_listings"

    def publish(self, author: str, nid: str, title: str, after: str | None) -> dict[str, Any]:
        details = {"item": title.lower()}
        return dict(
            self.listings.publish(
                cid(), author, [nid], "offer", "loan", title, "", details, [], after=after
            )
        )

    def board(self, nid: str, viewer: str, after: str | None = None) -> set[str]:
        found = self.listings.board(nid, viewer, after=after)
        return {item["listing_id"] for item in found["items"]}

    def status(self, listing_id: str, author: str) -> str:
        return str(self.listings.listing(listing_id, author)["status"])

    def recorded(self, kind: str) -> list[dict[str, Any]]:
        return checkpoints.recorded(self.store_url, kind)

    def policy_reached(self, position: str) -> bool:
        """Whether the withdrawals policy's checkpoint is at `position` or past it."""
        return checkpoints.reached(self.store_url, self.schema, withdrawals.NAME, position)

    def replay_policy_from_the_start(self) -> None:
        """As a crash before every checkpoint, or a rebuild: the policy forgets all it did."""
        tables = ("listings_policy_members_v1", "listings_policy_shown_v1")
        checkpoints.replay_from_the_start(self.schema, withdrawals.NAME, tables)


@pytest.fixture
def platform(
    amqp_uri: str, services_env: dict[str, str], tmp_path: Path, databases: tuple[str, str]
) -> Iterator[Platform]:
    store, read = databases
    contexts = ("identity", "neighbourhoods", "listings")
    with contexts_running(amqp_uri, services_env, tmp_path, *contexts) as (process, proxy):
        yield Platform(proxy, process, store, read_prefix(read))


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_members_post_and_departed_authors_listings_are_withdrawn_live_late_and_twice(
    platform: Platform, data_dir: Path, amqp_uri: str
) -> None:
    identity, hoods, listings = platform.identity, platform.hoods, platform.listings
    ada, bob, cleo, dan, eve = (register(identity, n) for n in ("Ada", "Bob", "Cleo", "Dan", "Eve"))
    for rid in (ada, bob, cleo, dan, eve):
        seen = verify(identity, data_dir, rid, PAIX)
    nid = hoods.create(cid(), ada, "La Paix", "", square(800), after=seen)["neighbourhood_id"]

    # Not a member yet: Eve may neither post nor read the board.
    assert refused(platform.publish, eve, nid, "Perceuse", seen).code == "not_a_member"
    for rid in (bob, cleo, dan):
        joined = hoods.join(cid(), nid, rid, after=seen)["position"]

    # Joined: each may post at once, and members see what is posted.
    posted = {rid: platform.publish(rid, nid, f"Outil de {n}", joined) for rid, n in
              ((bob, "Bob"), (cleo, "Cleo"), (dan, "Dan"))}  # fmt: skip
    ids = {rid: p["listing_id"] for rid, p in posted.items()}
    last = posted[dan]["position"]
    assert platform.board(nid, ada, after=last) == set(ids.values())
    assert refused(listings.board, nid, eve, after=last).code == "not_a_member"
    assert refused(listings.listing, ids[bob], eve).code == "unknown_listing"

    # Live: Bob leaves, Ada removes Dan; their listings are withdrawn, Cleo's stays.
    hoods.leave(command_id=cid(), neighbourhood_id=nid, resident_id=bob)
    hoods.remove_member(
        command_id=cid(), neighbourhood_id=nid, moderator_id=ada, resident_id=dan, reason="Spam"
    )
    eventually(lambda: platform.status(ids[bob], bob) == "withdrawn", what="Bob's withdrawn")
    eventually(lambda: platform.status(ids[dan], dan) == "withdrawn", what="Dan's withdrawn")
    assert platform.board(nid, ada) == {ids[cleo]}
    assert refused(listings.listing, ids[bob], ada).code == "unknown_listing"

    # Late: listings is down while Cleo, who uploaded a photo, is erased and Eve joins; it
    # also forgets what its policy did, so it handles every event a second time.
    photo = listings.upload_photo(cid(), cleo, base64.b64encode(png()).decode("ascii"))
    files = data_dir / "photos" / photo["photo_id"]
    assert files.is_dir() and any(files.iterdir())
    platform.process.kill()
    identity.erase(cid(), cleo, "system:ops.test")
    eve_joined = hoods.join(cid(), nid, eve, after=seen)["position"]
    platform.replay_policy_from_the_start()
    platform.process.restart()
    eventually(lambda: platform.board(nid, ada) == set(), what="Cleo's listing withdrawn")
    eventually(lambda: not files.exists() or not any(files.iterdir()), what="Cleo's photo deleted")
    eves = platform.publish(eve, nid, "Escabeau", eve_joined)
    assert platform.board(nid, ada, after=eves["position"]) == {eves["listing_id"]}

    # Twice: the membership messages again; once the policy is past a later event (Ada's
    # listing), a withdrawal they wrongly caused would have been recorded.
    wake_up_twice(amqp_uri, "neighbourhoods", MEMBERSHIP_EVENTS)
    adas = platform.publish(ada, nid, "Brouette", eves["position"])
    later = adas["position"]
    eventually(lambda: platform.policy_reached(later), what="the policy handled a later event")
    withdrawn = platform.recorded("listings.ListingWithdrawn")
    assert sorted((w["listing_id"], w["cause"]) for w in withdrawn) == sorted(
        [(ids[bob], "left"), (ids[dan], "removed"), (ids[cleo], "erased")]
    ), "each listing withdrawn once, whatever was handled twice"
    assert platform.board(nid, ada, after=later) == {eves["listing_id"], adas["listing_id"]}
