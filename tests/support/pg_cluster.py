"""A private PostgreSQL cluster for fault tests: its own data directory in a temporary directory,
a free port on 127.0.0.1 and a socket directory beside the data, so that a test can crash it
(`pg_ctl stop -m immediate`) and start it again without touching the machine's shared server.

with private_cluster() as cluster:
    url = cluster.url(schema="events")
    cluster.crash()
    cluster.start()
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import free_port

SERVER_USER = "postgres"
INSTALL = "apt-get install postgresql"


def server_binaries() -> Path | None:
    """The directory holding initdb and pg_ctl: on the PATH, else Debian's versioned layout."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl", path=str(Path(found).resolve().parent)):
        return Path(found).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(candidates[-1]).parent if candidates else None


def require_server_binaries() -> Path:
    """initdb and pg_ctl, or a clear skip (a failure in CI)."""
    bindir = server_binaries()
    problem = None
    if bindir is None:
        problem = f"PostgreSQL server binaries (initdb, pg_ctl) not found; install them: {INSTALL}"
    elif os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            problem = f"running as root and there is no {SERVER_USER!r} user to run initdb as"
    if problem is None:
        assert bindir is not None
        return bindir
    if os.environ.get("CI") == "true":
        pytest.fail(problem)
    pytest.skip(problem)


class PrivateCluster:
    """`crash()` is an immediate shutdown (backends killed, no checkpoint): the next `start()`
    goes through crash recovery on the same data directory and port."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="pg-cluster-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = free_port()
        self.running = False
        # initdb and postgres refuse to run as root.
        self._as = ["runuser", "-u", SERVER_USER, "--"] if os.geteuid() == 0 else []
        if self._as:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.dir, account.pw_uid, account.pw_gid)

    def url(self, database: str = "postgres", schema: str | None = None) -> str:
        query = f"?schema={schema}" if schema else ""
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}{query}"

    def _run(self, tool: str, *args: str, timeout: float = 60) -> None:
        command = [*self._as, str(self.bindir / tool), *args]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, cwd=self.dir
        )
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip()[-800:]
            raise RuntimeError(f"{tool} {' '.join(args)} failed ({done.returncode}): {tail}")

    def init(self) -> None:
        # --no-sync: a crash test kills the server, never the machine, so the page cache survives.
        self._run(
            "initdb", "-D", str(self.data), "-U", SERVER_USER, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
        )  # fmt: skip

    def start(self, timeout: int = 30) -> None:
        options = " ".join(
            [
                f"-p {self.port}",
                f"-k {self.dir}",
                "-c listen_addresses=127.0.0.1",
                "-c max_connections=100",
                "-c shared_buffers=32MB",
                "-c logging_collector=off",
            ]
        )
        self._run(
            "pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w",
            "-t", str(timeout), "-o", options,
            timeout=timeout + 10,
        )  # fmt: skip
        self.running = True

    def crash(self) -> None:
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        self.running = False

    def destroy(self) -> None:
        """Stop the server if it runs and remove every file."""
        if self.running or (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.crash()
        shutil.rmtree(self.dir, ignore_errors=True)

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


@contextlib.contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    cluster = PrivateCluster(require_server_binaries())
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()
