"""`quartier replay` and `quartier diff` on a real read model (identity's residents): a build up
to a past position or time holds what the live read model held then; a switch-over repairs the
live read model, which then goes on from where the build stopped; each replay is recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from contracts.ops.events import replay_stream
from services.ops.cli import main
from services.ops.diff import Named, rows
from services.ops.opening import opened, read_model
from services.runtime.config import load, read_model_url
from services.subscriptions import Lease, SubscriptionRunner, connect_database
from tests.contract.ops.kit import Stores, register, rename

NAME = "identity.read_model"


class Live:
    """The read model as the identity service keeps it: its runner on the service's database."""

    def __init__(self) -> None:
        self._ops = opened()
        self.ops = self._ops.__enter__()
        self.engine = connect_database(read_model_url(load(), "identity"))
        self.runner = SubscriptionRunner(
            self.ops.store, self.engine, read_model(self.ops, "identity", NAME)
        )

    def catch_up(self) -> None:
        while self.runner.run_once():
            pass

    def rows(self, build: str | None = None) -> dict[str, set[tuple[Any, ...]]]:
        return rows(self.ops, Named("identity", NAME, build))

    def close(self) -> None:
        self.runner.release()
        self.engine.dispose()
        self._ops.__exit__(None, None, None)


@pytest.fixture
def live(stores: Stores) -> Iterator[Live]:
    opened_live = Live()
    yield opened_live
    opened_live.close()


def replay(*args: str) -> int:
    return main(["replay", "identity", NAME, "--actor", "li", *args])


def test_a_build_until_a_past_position_or_time_holds_what_the_live_model_held_then(
    live: Live, capsys: pytest.CaptureFixture[str]
) -> None:
    amandine = register(live.ops.store, live.ops.codec, "Amandine")
    register(live.ops.store, live.ops.codec, "Bruno")
    live.catch_up()
    then, position, moment = live.rows(), live.ops.store.head(), datetime.now(UTC)
    rename(live.ops.store, live.ops.codec, amandine, "Mandy")
    register(live.ops.store, live.ops.codec, "Chloé")
    live.catch_up()
    assert live.rows() != then

    assert replay("--until", str(position), "--into", "at_position") == 0
    assert live.rows("at_position") == then
    assert replay("--until", moment.isoformat(), "--into", "at_time") == 0
    assert live.rows("at_time") == then

    capsys.readouterr()
    assert main(["diff", f"identity/{NAME}@at_position", f"identity/{NAME}@at_time"]) == 0
    assert main(["diff", f"identity/{NAME}@at_position", f"identity/{NAME}", "--json"]) == 3
    out = capsys.readouterr().out
    differences = json.loads(out[out.index("{") :])
    assert differences and all(d["only_in_b"] for d in differences.values())


def test_a_switch_over_repairs_the_live_model_which_then_goes_on(
    live: Live, capsys: pytest.CaptureFixture[str]
) -> None:
    amandine = register(live.ops.store, live.ops.codec, "Amandine")
    register(live.ops.store, live.ops.codec, "Bruno")
    live.catch_up()
    good = live.rows()
    residents = live.runner.tables().residents
    with live.engine.begin() as tx:
        tx.execute(sa.delete(residents).where(residents.c.resident_id == str(amandine)))
    assert live.rows() != good

    assert replay() == 0
    assert live.rows() == good
    with live.engine.connect() as conn:
        assert (
            conn.execute(
                sa.text("SELECT count(*) FROM subscriptions WHERE name LIKE '%@%'")
            ).scalar()
            == 0
        )

    rename(live.ops.store, live.ops.codec, amandine, "Mandy")
    live.catch_up()
    capsys.readouterr()
    assert replay("--into", "fresh", "--json") == 0
    answered = json.loads(capsys.readouterr().out)
    assert answered["into"] == "fresh" and answered["applied"] >= 3
    assert live.rows() == live.rows("fresh")
    [first, second] = live.ops.store.read_stream(replay_stream("identity", NAME))
    assert first.metadata["actor"] == "system:ops.li"
    assert (first.data["switched"], second.data["switched"]) == (True, False)
    assert second.data["into"] == "fresh" and second.data["events_applied"] >= 3


def test_replay_refuses_unknown_read_models_and_bad_names(
    stores: Stores, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", "identity", "identity.nothing", "--actor", "li"]) == 1
    assert "identity has no read model identity.nothing" in capsys.readouterr().out
    assert replay("--into", "Not A Name") == 1
    assert replay("--until", "yesterday") == 1
    assert "neither a position nor" in capsys.readouterr().out
    assert main(["diff", "identity", f"identity/{NAME}"]) == 1


def test_a_build_that_cannot_run_is_never_switched_over(
    live: Live, capsys: pytest.CaptureFixture[str]
) -> None:
    register(live.ops.store, live.ops.codec, "Amandine")
    live.catch_up()
    good = live.rows()
    # Another replay of the same build at work: it holds the build's lease.
    other = Lease(live.engine, f"subscription:{NAME}@switch")
    assert other.acquire()
    try:
        assert replay() == 1
        assert "holds its lease" in capsys.readouterr().out
    finally:
        other.release()
    assert live.rows() == good
