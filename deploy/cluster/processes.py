"""The cluster's own processes, each in a session of its own with its pid in <state>/pids and its
output in <state>/logs: the services' replicas (services.runtime.serve), the mail sink standing
in for the mail relay, and HAProxy in front of the gateways."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .topology import HEALTH_PATH, ROOT, Replica, Topology

CONFIG = ROOT / "deploy" / "local" / "config.yml"
READY_SECONDS = 180.0
START_MARK = b"\n--- start\n"


def pid_of(topology: Topology, name: str) -> int | None:
    """The pid of a running process of the cluster, None when it does not run."""
    path = topology.pids / f"{name}.pid"
    try:
        pid = int(path.read_text())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    with contextlib.suppress(OSError):  # a zombie is no longer running
        if (Path("/proc") / str(pid) / "stat").read_text().split(") ", 1)[1].startswith("Z"):
            return None
    return pid


def spawn(topology: Topology, name: str, command: Sequence[str], env: dict[str, str]) -> int:
    """Start `command` unless `name` runs already; its pid."""
    running = pid_of(topology, name)
    if running is not None:
        return running
    topology.logs.mkdir(parents=True, exist_ok=True)
    topology.pids.mkdir(parents=True, exist_ok=True)
    log = topology.logs / f"{name}.log"
    with open(log, "ab") as out:
        out.write(START_MARK)
        process = subprocess.Popen(
            list(command),
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    (topology.pids / f"{name}.pid").write_text(str(process.pid))
    return process.pid


def start_replica(topology: Topology, replica: Replica) -> int:
    command = [sys.executable, "-m", "services.runtime.serve", "--config", str(CONFIG)]
    return spawn(topology, replica.name, [*command, replica.module], topology.environment(replica))


def wait_running(topology: Topology, name: str, timeout: float = READY_SECONDS) -> None:
    """Until the replica says it runs (serve prints `running:` once its containers started)."""
    deadline = time.monotonic() + timeout
    log = topology.logs / f"{name}.log"
    while True:
        tail = log.read_bytes().rsplit(START_MARK, 1)[-1] if log.exists() else b""
        if b"running:" in tail:
            return
        if pid_of(topology, name) is None:
            raise RuntimeError(f"{name} exited at start; see {log}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not start within {timeout:.0f} s; see {log}")
        time.sleep(0.1)


def start_mail_sink(topology: Topology) -> int:
    folder = topology.data_dir / "outbox" / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "notifications.adapters.mail_server", "--folder", str(folder),
               "--host", "127.0.0.1", "--port", str(topology.smtp_port)]  # fmt: skip
    return spawn(topology, "mail", command, topology.environment())


def haproxy_config(topology: Topology) -> str:
    gateways = [r for r in topology.replicas if r.http_port is not None]
    servers = "\n".join(f"    server {r.name} 127.0.0.1:{r.http_port} check" for r in gateways)
    return f"""# Written by deploy/cluster at each `make cluster`: edit topology.py, not this file.
global
    maxconn 2000

defaults
    mode http
    timeout connect 2s
    timeout client 70s
    timeout server 70s
    timeout tunnel 1h
    # A request that never reached a gateway (refused connection) goes to the other one;
    # nothing that a gateway received is ever sent twice.
    option redispatch
    retries 2

frontend web
    bind 127.0.0.1:{topology.proxy_port}
    option forwardfor
    default_backend gateways

backend gateways
    balance roundrobin
    option httpchk GET {HEALTH_PATH}
    http-check expect status 200
    # Readiness sends an answer through the broker and waits up to 2 s for it: a loaded
    # machine's slow answer is not a failure; a refused connection still fails at once.
    timeout check 3s
    default-server inter 1s fall 2 rise 2
{servers}

listen stats
    bind 127.0.0.1:{topology.stats_port}
    stats enable
    stats uri /
"""


def start_haproxy(topology: Topology) -> int:
    path = topology.state / "haproxy.cfg"
    path.write_text(haproxy_config(topology))
    haproxy = "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        raise RuntimeError("haproxy is missing: apt-get install -y haproxy (make cluster does)")
    # -db: in the foreground of its own session, so that its pid is the one spawn records.
    return spawn(topology, "haproxy", [haproxy, "-db", "-f", str(path)], topology.environment())


def stop(topology: Topology, name: str, grace: float = 15.0) -> None:
    """SIGTERM to the process's group, SIGKILL after `grace` seconds; idempotent."""
    pid = pid_of(topology, name)
    if pid is not None:
        signal_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while pid_of(topology, name) is not None and time.monotonic() < deadline:
            time.sleep(0.1)
        if pid_of(topology, name) is not None:
            signal_group(pid, signal.SIGKILL)
            while pid_of(topology, name) is not None:
                time.sleep(0.05)
    with contextlib.suppress(FileNotFoundError):
        (topology.pids / f"{name}.pid").unlink()


def kill(topology: Topology, name: str) -> None:
    """kill -9 of the process and its group (a crash), and wait until it is gone."""
    pid = pid_of(topology, name)
    if pid is None:
        return
    signal_group(pid, signal.SIGKILL)
    while pid_of(topology, name) is not None:
        time.sleep(0.02)


def signal_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)
