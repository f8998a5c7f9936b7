"""The command line an analyst runs: `quartier export events` and `quartier report`, against
the platform's stores named by the usual variables; clear errors and exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from contracts import default_registry
from services.eventstore import connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import connect_keyring
from services.ops.cli import main
from tests.support.platform_procs import ROOT

from .history import History, record

KEY = "ab" * 32


@pytest.fixture(params=["sqlite", "postgres"])
def platform_env(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    data = tmp_path / "var"
    data.mkdir()
    env = {"QUARTIER_DATA_DIR": str(data), "QUARTIER_PSEUDONYM_KEY": KEY}
    if request.param == "postgres":
        env["QUARTIER_EVENT_STORE"] = request.getfixturevalue("postgres_url")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("QUARTIER_KEYRING", raising=False)
    yield env


@pytest.fixture
def history(platform_env: dict[str, str]) -> History:
    data = platform_env["QUARTIER_DATA_DIR"]
    store = connect(platform_env.get("QUARTIER_EVENT_STORE", f"sqlite:///{data}/events.db"))
    keyring = connect_keyring(f"sqlite:///{data}/keyring.db")
    try:
        return record(store, Codec(default_registry(), keyring, bytes.fromhex(KEY)))
    finally:
        store.close()


def test_export_events_writes_the_chosen_format_and_says_how_many(
    history: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "events.parquet"
    assert main(["export", "events", "--format", "parquet", "--output", str(target)]) == 0
    assert pq.read_metadata(target).num_rows == history.count
    assert f"{history.count} events written" in capsys.readouterr().err


def test_export_events_to_standard_output_is_the_file_and_nothing_else(
    history: History, platform_env: dict[str, str]
) -> None:
    env = {**os.environ, **platform_env, "PYTHONPATH": str(ROOT)}
    for fmt in ("parquet", "jsonl"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "services.ops.cli",
                "export",
                "events",
                "--format",
                fmt,
                "--types",
                "identity",
                "--output",
                "-",
            ],
            capture_output=True,
            env=env,
            cwd=ROOT,
            timeout=120,
            check=True,
        )
        if fmt == "parquet":
            assert pq.read_table(io.BytesIO(done.stdout)).num_rows == 6
        else:
            assert len([json.loads(line) for line in done.stdout.splitlines()]) == 6


def test_a_wrong_option_exits_2_naming_it(
    history: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "x.jsonl")
    assert main(["export", "events", "--from", "yesterday", "--output", out]) == 2
    assert "--from: 'yesterday'" in capsys.readouterr().err
    assert main(["export", "events", "--types", "identity.ResidentRegistred", "--output", out]) == 2
    assert "no event type or context named 'identity.ResidentRegistred'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["export", "events", "--format", "xlsx", "--output", out])
    assert exited.value.code == 2
    assert not Path(out).exists()


def test_an_unreachable_store_exits_1_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QUARTIER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("QUARTIER_PSEUDONYM_KEY", KEY)
    monkeypatch.setenv("QUARTIER_EVENT_STORE", "postgresql://nobody@127.0.0.1:1/none")
    target = tmp_path / "events.csv"
    assert main(["export", "events", "--format", "csv", "--output", str(target)]) == 1
    assert "PostgreSQL" in capsys.readouterr().err
    assert not target.exists()


def test_a_resident_export_still_answers_to_export_resident_id(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "resident_id" in capsys.readouterr().out


def test_report_writes_its_folder(
    history: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    assert main(["report", "--to", "2099-12-31", "--out", str(out)]) == 0
    assert (out / "index.html").exists()
    assert "report written to" in capsys.readouterr().out
    # From an export made earlier, too.
    export = tmp_path / "events.parquet"
    assert main(["export", "events", "--format", "parquet", "--output", str(export)]) == 0
    again = tmp_path / "again"
    assert main(["report", "--input", str(export), "--out", str(again)]) == 0
    assert (again / "sign_ups.csv").read_text() == (out / "sign_ups.csv").read_text()


def test_report_refuses_a_file_where_its_folder_should_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("")
    assert main(["report", "--out", str(taken)]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_an_erased_residents_personal_fields_export_as_erased(
    history: History, platform_env: dict[str, str], tmp_path: Path
) -> None:
    gone = history.residents[0]
    keyring = connect_keyring(f"sqlite:///{platform_env['QUARTIER_DATA_DIR']}/keyring.db")
    keyring.erase(gone)
    keyring.close()
    target = tmp_path / "events.jsonl"
    assert main(["export", "events", "--types", "identity", "--output", str(target)]) == 0
    events = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    registered = {
        e["data"]["resident_id"]: e["data"]
        for e in events
        if e["type"] == "identity.ResidentRegistered"
    }
    assert registered[gone]["email"] == "[erased]"
    assert all(d["email"].startswith("psn_") for r, d in registered.items() if r != gone)
