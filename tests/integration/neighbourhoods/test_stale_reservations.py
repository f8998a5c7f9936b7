"""A founding whose process dies between its two appends (the founder's place, then the
neighbourhood): identity, neighbourhoods and the relay run as `make run` runs them, on a RabbitMQ
vhost, event store and read models on PostgreSQL of the test's own. Once the reservation is
stale, the policy frees the place without any command, and the founder's allowance is back."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.eventstore.handling import EXIT_AFTER_APPEND
from tests.integration.neighbourhoods.procs import (
    PAIX,
    cid,
    eventually,
    refused,
    register,
    square,
    verify,
)
from tests.support.checkpoints import recorded
from tests.support.platform_procs import assert_no_errors, chain, restart_gently
from tests.support.rabbit_node import drop_pending_requests

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]


def test_a_founding_killed_between_its_appends_gives_the_allowance_back_once_stale(
    amqp_uri: str,
    services_env: dict[str, str],
    data_dir: Path,
    tmp_path: Path,
    databases: tuple[str, str],
) -> None:
    store_url, _ = databases
    env = {
        **services_env,
        "QUARTIER_NEIGHBOURHOODS_PER_RESIDENT": "1",
        "QUARTIER_STALE_RESERVATION_SWEEP_SECONDS": "0.2",
    }
    services = ("identity.service", "neighbourhoods.service")
    died = {EXIT_AFTER_APPEND: "neighbourhoods.resident"}
    with chain(amqp_uri, env, tmp_path, *services, last=died) as (process, proxy):
        identity, hoods = proxy.identity, proxy.neighbourhoods
        ada = register(identity, "Ada")
        seen = verify(identity, data_dir, ada, PAIX)
        hoods.create.call_async(cid(), ada, "La Paix", "", square(800), after=seen)
        assert process.process is not None
        assert process.process.wait(timeout=30) == 70  # died right after reserving the place
        assert [
            r["resident_id"] for r in recorded(store_url, "neighbourhoods.MembershipReserved")
        ] == [ada]
        assert recorded(store_url, "neighbourhoods.NeighbourhoodCreated") == []
        drop_pending_requests(amqp_uri, "rpc-neighbourhoods")

        # While the reservation may still be on its way, it holds Ada's only place.
        process.env = {**env, "QUARTIER_STALE_RESERVATION_SECONDS": "600"}
        process.restart()
        full = refused(hoods.create, cid(), ada, "La Paix", "", square(800), after=seen)
        assert full.code == "too_many_neighbourhoods"

        restart_gently(process, {**env, "QUARTIER_STALE_RESERVATION_SECONDS": "0.5"})
        eventually(lambda: len(recorded(store_url, "neighbourhoods.MembershipReleased")) == 1)
        assert recorded(store_url, "neighbourhoods.MembershipReleased")[0]["cause"] == "cancelled"
        created = hoods.create(cid(), ada, "La Paix", "", square(800), after=seen)
        assert (
            hoods.get(created["neighbourhood_id"], ada, after=created["position"])["member_count"]
            == 1
        )
    assert_no_errors(tmp_path / "neighbourhoods.log")
