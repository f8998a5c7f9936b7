"""A sign-up whose process dies between its two appends (the e-mail claim, then the resident):
identity runs as `make run` runs it, with the relay beside it, on a RabbitMQ vhost, event store
and read models on PostgreSQL of the test's own. Once the grace period is over, the orphan-claim
policy releases the address, which then signs up again."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from identity.domain.email_claim import email_claim_stream
from services.eventstore import connect
from services.eventstore.handling import EXIT_AFTER_APPEND
from services.runtime.doors import ServiceError
from tests.integration.calls import PASSWORD, cid
from tests.integration.neighbourhoods.procs import eventually
from tests.support.platform_procs import chain, restart_gently
from tests.support.rabbit_node import drop_pending_requests

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]


def claim_events(store_url: str, email: str) -> list[str]:
    store = connect(store_url)
    try:
        return [r.type for r in store.read_stream(email_claim_stream(email))]
    finally:
        store.close()


def test_a_sign_up_killed_between_its_appends_frees_its_email_after_the_grace_period(
    amqp_uri: str, services_env: dict[str, str], tmp_path: Path, databases: tuple[str, str]
) -> None:
    store_url, _ = databases
    env = {**services_env, "QUARTIER_ORPHAN_CLAIM_SWEEP_SECONDS": "0.2"}
    email = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    died = {EXIT_AFTER_APPEND: "identity.email"}
    with chain(amqp_uri, env, tmp_path, "identity.service", last=died) as (identity, cluster):
        rpc: Any = cluster.identity
        rpc.register.call_async(cid(), email, PASSWORD, "Ada")
        assert identity.process is not None
        assert identity.process.wait(timeout=30) == 70  # died right after claiming the e-mail
        assert claim_events(store_url, email) == ["identity.EmailClaimed"]
        drop_pending_requests(amqp_uri, "rpc-identity")

        # Within the grace period the address is held, for no one.
        identity.env = {**env, "QUARTIER_ORPHAN_CLAIM_GRACE_SECONDS": "600"}
        identity.restart()
        with pytest.raises(ServiceError) as taken:
            rpc.register(cid(), email, PASSWORD, "Ada")
        assert taken.value.code == "email_taken"

        restart_gently(identity, {**env, "QUARTIER_ORPHAN_CLAIM_GRACE_SECONDS": "0.5"})
        eventually(lambda: claim_events(store_url, email)[-1] == "identity.EmailReleased")
        registered = rpc.register(cid(), email, PASSWORD, "Ada")
        session = rpc.sign_in(email, PASSWORD, "192.0.2.1")
        assert session["resident_id"] == registered["resident_id"]
        assert (
            rpc.find_by_email(email, after=registered["position"])["resident_id"]
            == (registered["resident_id"])
        )
    log = (tmp_path / "identity.log").read_text()
    assert " ERROR " not in log, log
    assert email.split("@")[0] not in log, "personal data in the logs"
