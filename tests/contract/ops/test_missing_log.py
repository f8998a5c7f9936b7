"""Pointed where no log is (a mistyped data directory or schema), every operator's command says
so and leaves nothing behind: no new empty log to verify as intact, no empty read model switched
over, no action taken that the log could not record."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.ops.cli import main
from tests.conftest import fresh_postgres_url, schemas_named

STREAM = f"identity.resident-{uuid.uuid4()}"
COMMANDS = {
    "status": ["status"],
    "verify": ["verify"],
    "audit": ["audit", "stream", STREAM],
    "export": ["export", "events", "--output", "{dir}/events.jsonl"],
    "report": ["report", "--out", "{dir}/report"],
    "replay": ["replay", "listings", "listings.read_model", "--actor", "li"],
    "park": [
        "park",
        "listings",
        "listings.read_model",
        str(uuid.uuid4()),
        "--reason",
        "r",
        "--actor",
        "li",
    ],
    "retry": ["outbox", "retry", "notifications", "1", "--actor", "li"],
}


@pytest.fixture(params=["sqlite", "postgres"])
def nowhere(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str | None]:
    """An empty data directory, and on PostgreSQL a schema prefix nothing was made under."""
    for name in ("QUARTIER_EVENT_STORE", "QUARTIER_READ_MODELS", "QUARTIER_KEYRING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QUARTIER_DATA_DIR", str(tmp_path / "data"))
    if request.param == "sqlite":
        yield None
        return
    events = fresh_postgres_url()
    monkeypatch.setenv("QUARTIER_EVENT_STORE", events)
    monkeypatch.setenv("QUARTIER_READ_MODELS", f"{events}_read")
    yield events.rsplit("schema=", 1)[1]


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_no_log_is_made_where_none_was(
    command: list[str],
    nowhere: str | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    words = [w.format(dir=tmp_path) for w in command]
    assert main(words) == 1
    said = capsys.readouterr()
    # An action on a service's read models finds those missing first, as they are here too.
    missing = "no read-model database" if words[0] in ("park", "outbox") else "no event log"
    assert missing in said.out + said.err
    assert "QUARTIER_DATA_DIR" in said.out + said.err
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    if nowhere is not None:
        assert schemas_named(nowhere) == []
