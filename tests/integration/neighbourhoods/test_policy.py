"""Identity's events drive neighbourhood membership: identity, neighbourhoods and the relay run as
`make run` runs them (one process each), on a fresh RabbitMQ vhost, event store and read models on
PostgreSQL. A resident who moves house or is erased leaves their neighbourhoods, whether the
neighbourhoods service is up when it happens, started only afterwards, or handles the same
events twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from neighbourhoods.policies import withdrawals as policies
from tests.conftest import read_prefix
from tests.integration.neighbourhoods.procs import (
    EGLISE,
    GRANDE_RUE,
    LAVOIR,
    PAIX,
    cid,
    register,
    square,
    verify,
)
from tests.support import checkpoints, eventually
from tests.support.platform_procs import (
    Served,
    contexts_running,
    wake_up_twice,
)

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]


class Platform:
    def __init__(self, proxy: Any, hoods: Served, store_url: str, read_prefix: str) -> None:
        self.identity = proxy.identity
        self.hoods = proxy.neighbourhoods
        self.process = hoods
        self.store_url = store_url
        self.schema = f"{read_prefix}_neighbourhoods"

    def members(self, nid: str, viewer: str, after: str | None = None) -> set[str]:
        return {m["resident_id"] for m in self.hoods.members(nid, viewer, after=after)}

    def head(self) -> str:
        """The position of the last event recorded."""
        return checkpoints.head(self.store_url)

    def recorded(self, kind: str) -> list[dict[str, Any]]:
        return checkpoints.recorded(self.store_url, kind)

    def policy_reached(self, position: str) -> bool:
        """Whether the withdrawals policy's checkpoint is at `position` or past it."""
        return checkpoints.reached(self.store_url, self.schema, policies.NAME, position)

    def replay_policy_from_the_start(self) -> None:
        """As a crash before every checkpoint, or a rebuild: the policy forgets all it did."""
        tables = ("neighbourhoods_policy_homes_v1",)
        checkpoints.replay_from_the_start(self.schema, policies.NAME, tables)


@pytest.fixture
def platform(
    amqp_uri: str, services_env: dict[str, str], tmp_path: Path, databases: tuple[str, str]
) -> Iterator[Platform]:
    store, read = databases
    contexts = ("identity", "neighbourhoods")
    with contexts_running(amqp_uri, services_env, tmp_path, *contexts) as (hoods, proxy):
        yield Platform(proxy, hoods, store, read_prefix(read))


def test_moved_and_erased_residents_leave_their_neighbourhood_live_late_and_twice(
    platform: Platform, data_dir: Path, amqp_uri: str
) -> None:
    identity, hoods = platform.identity, platform.hoods
    ada, bob, cleo, dan = (register(identity, n) for n in ("Ada", "Bob", "Cleo", "Dan"))
    for rid in (ada, bob, cleo, dan):
        seen = verify(identity, data_dir, rid, PAIX)
    nid = hoods.create(cid(), ada, "La Paix", "", square(800), after=seen)["neighbourhood_id"]
    for rid in (bob, cleo, dan):
        joined = hoods.join(cid(), nid, rid, after=seen)
    assert hoods.get(nid, ada, after=joined["position"])["member_count"] == 4

    # Live: Bob declares another address; his verification, and his membership, end.
    identity.declare_address(cid(), bob, *EGLISE)
    eventually(lambda: platform.members(nid, ada) == {ada, cleo, dan}, what="Bob withdrawn")
    assert hoods.memberships_of(bob) == []

    # Late: neighbourhoods is down while Cleo is erased and Dan moves and proves his new home.
    # It also forgets what its policy did, so it handles every identity event a second time.
    platform.process.kill()
    identity.erase(cid(), cleo, "system:ops.test")
    identity.declare_address(cid(), dan, *GRANDE_RUE)
    dan_verified = verify(identity, data_dir, dan, GRANDE_RUE)
    platform.replay_policy_from_the_start()
    platform.process.restart()
    eventually(lambda: platform.members(nid, ada) == {ada}, what="Cleo and Dan withdrawn")
    withdrawn = platform.recorded("neighbourhoods.MemberWithdrawn")
    assert sorted((w["resident_id"], w["cause"]) for w in withdrawn) == sorted(
        [(bob, "moved"), (cleo, "erased"), (dan, "moved")]
    ), "each membership withdrawn once, whatever was handled twice"

    # Dan's new verification stands: he may join again, and stays.
    rejoined = hoods.join(cid(), nid, dan, after=dan_verified)
    assert hoods.get(nid, dan, after=rejoined["position"])["viewer"]["role"] == "member"
    wake_up_twice(amqp_uri, "identity", ("AddressDeclared", "AddressVerified", "ResidentErased"))
    # A later event the policy handles, Eve declaring her address: once its checkpoint is past
    # it, a wrong withdrawal the wake-ups caused would have been recorded.
    eve = register(identity, "Eve")
    later = identity.declare_address(cid(), eve, *LAVOIR)["position"]
    eventually(lambda: platform.policy_reached(later), what="the policy handled a later event")
    assert platform.members(nid, ada, after=platform.head()) == {ada, dan}
    assert len(platform.recorded("neighbourhoods.MemberWithdrawn")) == 3
    assert len(platform.recorded("neighbourhoods.ResidentWithdrawn")) == 3
