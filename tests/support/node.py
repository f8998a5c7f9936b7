"""Node for the tests that read the web client's modules (their messages, their lists): a script
run as an ES module from the repository's root, its JSON output parsed. No node skips the test
with the command that installs it, and fails it in CI (CI=true), as browser.py does for
chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def node_json(script: str, *args: str, what: str) -> Any:
    """The JSON `script` prints; `what` names what could not be read without node."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"node is missing: {what} cannot be read")
        pytest.skip(f"node is missing (apt-get install nodejs): {what} are not checked")
    out = subprocess.run(
        [node, "--input-type=module", "-e", script, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout)
