"""`quartier` says only what its commands say: nothing a library warns of at import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

QUARTIER = Path(sys.executable).parent / "quartier"


@pytest.mark.parametrize("command", [["--help"], ["audit", "--help"], ["verify", "--help"]])
def test_a_command_writes_nothing_to_stderr_that_it_did_not_mean(command: list[str]) -> None:
    done = subprocess.run(
        [str(QUARTIER), *command], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "usage: quartier" in done.stdout
    assert done.stderr == ""
