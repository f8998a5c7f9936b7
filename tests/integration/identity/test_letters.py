"""The identity service's letter sweep, run as `make run` runs it: a letter whose code can no
longer be used goes from <data dir>/outbox/letters/, a usable one stays; a used one goes at
once. Read models on PostgreSQL, real RabbitMQ."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.calls import PASSWORD, cid
from tests.support import eventually
from tests.support.platform_procs import chain

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]

TWO_HOURS = 2 * 3600


@pytest.fixture
def rpc(amqp_uri: str, services_env: dict[str, str], tmp_path: Path) -> Iterator[Any]:
    env = {**services_env, "QUARTIER_LETTER_SWEEP_SECONDS": "0.2"}
    with chain(amqp_uri, env, tmp_path, "identity.service") as (_, cluster):
        yield cluster.identity


def aged(path: Path) -> None:
    past = time.time() - TWO_HOURS
    os.utime(path, (past, past))


def test_the_sweep_deletes_spent_letters_and_keeps_usable_ones(rpc: Any, data_dir: Path) -> None:
    folder = data_dir / "outbox" / "letters"
    rid = rpc.register(cid(), f"ada-{uuid.uuid4().hex[:8]}@example.org", PASSWORD, "Ada")[
        "resident_id"
    ]
    rpc.declare_address(cid(), rid, "12 rue de la Paix", "71999", "Bourg-Démo")
    letter = rpc.request_letter(cid(), rid)
    rpc.verification_status(rid, after=letter["position"])  # the read model lists it
    usable = folder / f"{letter['letter_id']}.txt"
    aged(usable)
    # Then, so that the sweep which finds it finds the usable letter old as well.
    spent = folder / f"{uuid.uuid4()}.txt"  # posted long ago, for no letter still pending
    spent.write_text("12 rue de la Paix\nCode: ABCDEFGH23\n", encoding="utf-8")
    aged(spent)

    eventually(
        lambda: not spent.exists(), timeout=20, interval=0.05, what="the spent letter deleted"
    )
    assert usable.exists(), "a letter whose code can still be used was deleted"
