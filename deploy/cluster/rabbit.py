"""The cluster's RabbitMQ nodes: each with its own node name, ports, data and log directories,
and the cluster's own Erlang cookie; joined into one cluster with rabbitmqctl.

Run as root, Debian's rabbitmq-server switches to the rabbitmq user (its directories are handed
over) and starts the node in a session of its own: the node's processes are found by the node
name they carry in their environment, never by a broad name.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

from .topology import Node, Topology

SBIN = ("/usr/sbin", "/usr/lib/rabbitmq/bin")
START_SECONDS = 120.0
EPMD = 4369  # the Erlang port mapper every node of this machine registers with


class ClusterError(RuntimeError):
    """A node did not start, join or answer; str() says which and where its log is."""


def tool(name: str) -> str:
    for folder in SBIN:
        if Path(folder, name).exists():
            return str(Path(folder, name))
    raise ClusterError(f"{name} is missing: apt-get install -y rabbitmq-server")


def cookie(topology: Topology) -> str:
    return topology.secret("erlang.cookie", lambda: secrets.token_hex(20).upper())


def ctl(topology: Topology, node: Node, *args: str, timeout: float = 60) -> str:
    command = [tool("rabbitmqctl"), "--erlang-cookie", cookie(topology), "-n", node.name, *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise ClusterError(f"rabbitmqctl {args[0]} on {node.name}: {done.stderr.strip()[-400:]}")
    return done.stdout


def environment(topology: Topology, node: Node) -> dict[str, str]:
    return node_environment(node, cookie(topology))


def node_environment(node: Node, erlang_cookie: str | None = None) -> dict[str, str]:
    """The node's names, ports and directories; without a cookie, the user's own
    (~/.erlang.cookie), which rabbitmqctl finds without being told."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("RABBITMQ_")},
        "RABBITMQ_NODENAME": node.name,
        "RABBITMQ_NODE_PORT": str(node.amqp_port),
        "RABBITMQ_DIST_PORT": str(node.dist_port),
        "RABBITMQ_MNESIA_BASE": str(node.dir / "mnesia"),
        "RABBITMQ_LOG_BASE": str(node.dir / "log"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(node.dir / "enabled_plugins"),
        "RABBITMQ_CONFIG_FILE": str(node.dir / "absent"),
        "RABBITMQ_ADVANCED_CONFIG_FILE": str(node.dir / "absent-advanced.config"),
        "RABBITMQ_PID_FILE": str(node.dir / "node.pid"),
    }
    if erlang_cookie is not None:
        env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = f"-setcookie {erlang_cookie}"
    return env


def node_pids(node: Node) -> list[int]:
    marker = f"RABBITMQ_NODENAME={node.name}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
    return pids


def listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


def start(topology: Topology, node: Node) -> None:
    """Start the node unless it runs; returns at once (see wait_up)."""
    if not node_pids(node):
        launch(node, environment(topology, node))


def launch(node: Node, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start the node's server with no plugins and no config file, in a session of its own;
    returns at once (see wait_listening)."""
    for sub in ("mnesia", "log"):
        (node.dir / sub).mkdir(parents=True, exist_ok=True)
    (node.dir / "enabled_plugins").write_text("[].\n")
    _hand_over(node.dir)
    with open(node.dir / "log" / "console.log", "ab") as out:
        return subprocess.Popen(
            [tool("rabbitmq-server")],
            env=env,
            cwd=node.dir,  # where a crash dump would land
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_up(topology: Topology, node: Node, timeout: float = START_SECONDS) -> None:
    """Until the node's AMQP port answers and the node says it runs its applications."""
    wait_listening(node, timeout)
    ctl(topology, node, "await_startup", timeout=timeout)


def wait_listening(node: Node, timeout: float = START_SECONDS) -> None:
    """Until the node's AMQP port answers; fails at once if the node's processes are gone."""
    deadline = time.monotonic() + timeout
    while not listening(node.amqp_port):
        if not node_pids(node):
            raise ClusterError(
                f"RabbitMQ node {node.name} exited; see {node.dir / 'log'}; its last words:"
                f"\n{last_lines(node.dir / 'log' / 'console.log')}"
            )
        if time.monotonic() > deadline:
            raise ClusterError(f"RabbitMQ node {node.name} not up after {timeout:.0f} s")
        time.sleep(0.2)


def last_lines(path: Path, count: int = 15) -> str:
    """The end of a node's console log, for an error that would otherwise point at a folder
    removed with the node (a test's)."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-count:])
    except OSError as exc:
        return f"({path}: {exc.strerror})"


def registered(node: Node) -> bool:
    """Whether the local epmd still lists the node's name (its NAMES request): a node started
    again while the name is still listed finds it taken and exits."""
    answer = b""
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", EPMD), 2) as s:
        s.sendall(b"\x00\x01n")  # two bytes of length, then NAMES_REQ
        while chunk := s.recv(4096):
            answer += chunk
    short = node.name.split("@", 1)[0]
    return any(line.split()[1:2] == [short] for line in answer[4:].decode().splitlines())


def kill(node: Node, timeout: float = 30) -> None:
    """kill -9 of every process of the node (what a crash of its machine looks like to the
    others), then wait until its ports are closed and epmd has let its name go, so that it
    can start again at once."""
    for pid in node_pids(node):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + timeout
    while (
        node_pids(node)
        or listening(node.amqp_port)
        or listening(node.dist_port)
        or registered(node)
    ):
        if time.monotonic() > deadline:
            raise ClusterError(f"RabbitMQ node {node.name} still alive after kill -9")
        time.sleep(0.1)


def stop(topology: Topology, node: Node) -> None:
    """Stop the node cleanly if it answers; kill what remains."""
    if node_pids(node):
        with contextlib.suppress(ClusterError, subprocess.TimeoutExpired):
            ctl(topology, node, "stop", timeout=60)
    kill(node)


def members(topology: Topology, node: Node) -> set[str]:
    status = json.loads(ctl(topology, node, "cluster_status", "--formatter", "json"))
    return set(status.get("disk_nodes", [])) | set(status.get("ram_nodes", []))


def join(topology: Topology, node: Node, seed: Node) -> None:
    """Make `node` a member of `seed`'s cluster unless it is one already (idempotent)."""
    if seed.name in members(topology, node):
        return
    ctl(topology, node, "stop_app")
    ctl(topology, node, "reset")
    ctl(topology, node, "join_cluster", seed.name)
    ctl(topology, node, "start_app")


def leader(topology: Topology, queue: str) -> str | None:
    """The node a quorum queue's leader runs on (None while it has none)."""
    for node in topology.nodes:
        if not listening(node.amqp_port):
            continue
        with contextlib.suppress(ClusterError, subprocess.TimeoutExpired):
            listed = ctl(
                topology, node, "list_queues", "-q", "--no-table-headers", "name", "leader"
            )
            for line in listed.splitlines():
                name, _, where = line.partition("\t")
                if name == queue and where.strip():
                    return where.strip()
            return None
    return None


def _hand_over(directory: Path) -> None:
    # Run as root, Debian's rabbitmq-server wrapper switches to the rabbitmq user: the node's
    # directories must be theirs.
    if os.geteuid() != 0:
        return
    try:
        account = pwd.getpwnam("rabbitmq")
    except KeyError:
        return
    for path in (directory, *directory.rglob("*")):
        os.chown(path, account.pw_uid, account.pw_gid)
