"""The cluster's own PostgreSQL server: a data directory under the state directory, a port of
the cluster's range, room for every replica's connections (about 4 per process), run as the
`postgres` user when we are root. `crash()` is `pg_ctl stop -m immediate`: the next start goes
through crash recovery."""

from __future__ import annotations

import glob
import os
import pwd
import subprocess
from pathlib import Path

from .topology import Topology

USER = "postgres"
MAX_CONNECTIONS = 400


def bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        raise RuntimeError("PostgreSQL's server is missing: apt-get install -y postgresql")
    return Path(found[-1]).parent


def _run(topology: Topology, tool: str, *args: str, timeout: float = 120) -> str:
    prefix = ["runuser", "-u", USER, "--"] if os.geteuid() == 0 else []
    done = subprocess.run(
        [*prefix, str(bindir() / tool), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=topology.pg_dir,
    )
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip()[-600:]
        raise RuntimeError(f"{tool} {args[0]} failed ({done.returncode}): {tail}")
    return done.stdout


def running(topology: Topology) -> bool:
    if not (topology.pg_dir / "data" / "postmaster.pid").exists():
        return False
    try:
        _run(topology, "pg_ctl", "status", "-D", str(topology.pg_dir / "data"))
    except RuntimeError:
        return False
    return True


def start(topology: Topology) -> None:
    """initdb once, then start unless it runs (idempotent)."""
    folder = topology.pg_dir
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        account = pwd.getpwnam(USER)
        os.chown(folder, account.pw_uid, account.pw_gid)
    data = folder / "data"
    if not (data / "PG_VERSION").exists():
        _run(topology, "initdb", "-D", str(data), "-U", USER, "--auth=trust",
             "--encoding=UTF8", "--locale=C", "--no-instructions")  # fmt: skip
    if running(topology):
        return
    options = " ".join(
        [
            f"-p {topology.pg_port}",
            f"-k {folder}",
            "-c listen_addresses=127.0.0.1",
            f"-c max_connections={MAX_CONNECTIONS}",
            "-c shared_buffers=64MB",
        ]
    )
    _run(topology, "pg_ctl", "start", "-D", str(data), "-l", str(folder / "server.log"),
         "-w", "-t", "60", "-o", options)  # fmt: skip


def stop(topology: Topology, mode: str = "fast") -> None:
    """Stop it if it runs; `immediate` is the crash the fault tests make."""
    if running(topology):
        _run(topology, "pg_ctl", "stop", "-D", str(topology.pg_dir / "data"), "-m", mode, "-w")
