"""A store names its log (EventStore.log_id): the same log opened again, in this process or
another, under another path to it, is named alike; another log is named otherwise. The relay's
messages carry the name beside each position, so that a position is only ever taken for one of
its own log's (docs/decisions/0067)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.eventstore import connect
from tests.conftest import drop_schema, fresh_postgres_url
from tests.contract.conftest import Backend


def _named_elsewhere(url: str) -> str:
    """The log's name as another process opening `url` finds it."""
    code = "import sys; from services.eventstore import connect; print(connect(sys.argv[1]).log_id)"
    return subprocess.run(
        [sys.executable, "-c", code, url], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_a_log_is_named_alike_wherever_it_is_opened(backend: Backend) -> None:
    first = backend.open()
    if backend.name in ("memory", "esdb"):
        assert first.log_id is None  # nothing names it: positions of its messages are not taken
        return
    assert first.log_id is not None
    assert len(first.log_id) == 16 and int(first.log_id, 16) >= 0  # opaque: no path, no host
    assert backend.open().log_id == first.log_id
    assert _named_elsewhere(backend.url) == first.log_id


def test_another_log_is_named_otherwise(backend: Backend, tmp_path: Path) -> None:
    if backend.name in ("memory", "esdb"):
        pytest.skip("a store that names no log")
    named = backend.open().log_id
    if backend.name == "sqlite":
        other_url = f"sqlite:///{tmp_path}/other/events.db"
    else:
        other_url = fresh_postgres_url()
    other = connect(other_url)
    try:
        assert other.log_id not in (None, named)
    finally:
        other.close()
        if backend.name == "postgres":
            drop_schema(other_url)


def test_a_sqlite_log_reached_by_another_path_is_the_same_log(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    os.symlink(tmp_path / "data", tmp_path / "link")
    direct = connect(f"sqlite:///{tmp_path}/data/events.db")
    linked = connect(f"sqlite:///{tmp_path}/link/events.db")
    try:
        assert direct.log_id == linked.log_id is not None
    finally:
        direct.close()
        linked.close()
