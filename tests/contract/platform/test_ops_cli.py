"""The `quartier` command line on a real data directory: status shows a stuck subscriber, an
operator parks its event, the subscriber moves on; dead letters are listed and retried."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from contracts.ops.events import outbox_stream, subscriber_stream
from services.eventstore import NewEvent, connect
from services.ops.cli import main
from services.subscriptions import SubscriptionRunner, connect_database, outbox
from services.subscriptions import ops as subscription_ops
from services.subscriptions.database import outbox as outbox_table
from tests.conftest import PG_BASE, require_postgres, schemas_named
from tests.contract.platform.subscriber_kit import snapshot, toy
from tests.support.ports import free_port


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("QUARTIER_EVENT_STORE", "QUARTIER_READ_MODELS", "QUARTIER_RELAY_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QUARTIER_DATA_DIR", str(tmp_path))
    connect(f"sqlite:///{tmp_path}/events.db").close()  # the log, as the services make it
    return tmp_path


def test_an_operator_sees_a_stuck_subscriber_and_parks_its_event(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = connect(f"sqlite:///{data_dir}/events.db")
    poison = f"tests.thing-{uuid.uuid4()}"
    store.append(poison, [NewEvent("tests.ThingHappened", {"n": 1, "poison": True})])
    fine = f"tests.thing-{uuid.uuid4()}"
    store.append(fine, [NewEvent("tests.ThingHappened", {"n": 2})])
    engine = connect_database(f"sqlite:///{data_dir}/read-toy.db")
    runner = SubscriptionRunner(store, engine, toy())
    runner.run_once()
    event_id = str(store.read_stream(poison)[0].event_id)

    assert main(["status"]) == 2
    shown = capsys.readouterr().out
    assert "STUCK" in shown and event_id in shown and "tests.totals" in shown

    assert (
        main(["park", "toy", "tests.totals", event_id, "--reason", "bad data", "--actor", "li"])
        == 0
    )
    while runner.run_once():
        pass
    totals = snapshot(engine, runner.tables())
    # The toy reads every category: the operator's own event is counted too.
    assert totals[fine] == (1, 2) and poison not in totals
    assert main(["status"]) == 0
    assert subscription_ops.parked_events(engine, "tests.totals")[0]["actor"] == "system:ops.li"
    [parked] = store.read_stream(subscriber_stream("toy", "tests.totals"))
    assert parked.type == "ops.EventParked" and parked.metadata["actor"] == "system:ops.li"
    assert (parked.data["event_id"], parked.data["reason"]) == (event_id, "bad data")
    runner.release()


def test_parking_needs_a_reason_and_a_known_subscriber(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    connect_database(f"sqlite:///{data_dir}/read-toy.db")
    nobody = ["park", "toy", "tests.nobody", str(uuid.uuid4()), "--reason", "r", "--actor", "a"]
    assert main(nobody) == 1
    assert "no subscriber named tests.nobody" in capsys.readouterr().out


def test_no_event_is_parked_for_the_audit_index(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = connect(f"sqlite:///{data_dir}/events.db")
    event = f"tests.thing-{uuid.uuid4()}"
    store.append(event, [NewEvent("tests.ThingHappened", {"n": 1})])
    event_id = str(store.read_stream(event)[0].event_id)

    words = ["park", "ops", "ops.audit_index", event_id, "--reason", "r", "--actor", "li"]
    assert main(words) == 1
    assert "would hide it from audits" in capsys.readouterr().out
    assert store.read_stream(subscriber_stream("ops", "ops.audit_index")) == []


def test_dead_letters_are_listed_and_retried(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = connect_database(f"sqlite:///{data_dir}/read-mail.db")
    with engine.begin() as tx:
        outbox.add(tx, "mail", "welcome:42", {"template": "welcome"})

    def down(payload: object, key: str) -> None:
        raise ConnectionError("smtp down")

    dispatcher = outbox.Dispatcher(engine, {"mail": down}, max_attempts=1, base_delay=timedelta(0))
    dispatcher.dispatch_once()
    assert main(["outbox", "dead", "mail"]) == 0
    listed = capsys.readouterr().out
    assert "welcome:42" in listed and "ConnectionError" in listed
    [letter] = outbox.dead_letters(engine)
    assert main(["outbox", "retry", "mail", str(letter["id"]), "--actor", "li"]) == 0
    assert outbox.dead_letters(engine) == []
    assert main(["outbox", "retry", "mail", str(letter["id"]), "--actor", "li"]) == 1
    store = connect(f"sqlite:///{data_dir}/events.db")
    [requeued] = store.read_stream(outbox_stream("mail"))
    assert requeued.data["message_id"] == letter["id"]
    assert requeued.metadata["actor"] == "system:ops.li"


def test_dead_letters_as_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = connect_database(f"sqlite:///{data_dir}/read-mail.db")
    with engine.begin() as tx:
        outbox.add(tx, "mail", "welcome:7", {"template": "welcome"})
        tx.execute(outbox_table.update().values(status="dead", attempts=5, last_error="refused"))
    assert main(["outbox", "dead", "mail", "--json"]) == 0
    [letter] = json.loads(capsys.readouterr().out)
    assert (letter["idempotency_key"], letter["attempts"]) == ("welcome:7", 5)
    assert letter["last_error"] == "refused" and letter["created_at"]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
@pytest.mark.parametrize(
    "words",
    [
        ["outbox", "dead", "notificatons"],
        ["outbox", "retry", "notificatons", "1", "--actor", "li"],
        [
            "park",
            "notificatons",
            "notifications.inbox",
            str(uuid.uuid4()),
            "--reason",
            "r",
            "--actor",
            "li",
        ],
    ],
    ids=["dead", "retry", "park"],
)
def test_a_mistyped_service_is_named_and_leaves_nothing_behind(
    backend: str,
    words: list[str],
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    prefix = f"t_{uuid.uuid4().hex[:12]}"
    if backend == "postgres":
        require_postgres()
        monkeypatch.setenv("QUARTIER_READ_MODELS", f"{PG_BASE}?schema={prefix}")
    before = sorted(p.name for p in data_dir.iterdir())
    assert main(words) == 1
    assert "no read-model database of a service named notificatons" in capsys.readouterr().out
    assert sorted(p.name for p in data_dir.iterdir()) == before
    if backend == "postgres":
        assert schemas_named(prefix) == []


def test_an_unreachable_read_model_database_is_named(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QUARTIER_READ_MODELS", f"postgresql://postgres@127.0.0.1:{free_port()}/x")
    assert main(["outbox", "dead", "notifications"]) == 1
    said = capsys.readouterr().out
    assert said.startswith("quartier: a read-model database failed: connection failed")
    assert "Traceback" not in said
