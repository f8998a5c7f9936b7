"""`make run`: everything on one machine.

RabbitMQ is started when it is installed and stopped (installed with apt-get first when it is
missing and we are root); the virtual host named by QUARTIER_AMQP_URI is created when the broker
is local; the data directory is prepared. Then the relay and every service that exists run in
one process (services.runtime.serve, i.e. `nameko run`), which says what is running. Ctrl-C
stops everything.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from kombu.utils.url import parse_url

from .config import load
from .preflight import LOCAL_HOSTS, Unreachable, check_broker

CONFIG = "deploy/local/config.yml"
# The relay first; the others join this list as their issues land (a missing one is skipped).
SERVICES = (
    "services.relay.service",
    "identity.service",
    "neighbourhoods.service",
    "listings.service",
    "matching.service",
    "notifications.service",
    "services.ops.service",
    "services.gateway.service",
    "services.runtime.status",
)
SBIN = ("/usr/sbin", "/usr/lib/rabbitmq/bin", "/sbin")
ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    settings = load()
    for sub in ("", "outbox/mail", "outbox/letters", "uploads"):
        (settings.data_dir / sub).mkdir(parents=True, exist_ok=True)
    try:
        ensure_rabbitmq(settings.amqp_uri)
    except Unreachable as exc:
        print(f"quartier: {exc}", file=sys.stderr)
        return 1
    modules = list(present().values())
    serve = [sys.executable, "-m", "services.runtime.serve", "--config", CONFIG, *modules]
    sys.stdout.flush()
    os.execv(sys.executable, serve)  # Ctrl-C then reaches the services themselves


def ensure_rabbitmq(uri: str) -> None:
    parts = parse_url(uri)
    host, port = parts.get("hostname") or "localhost", int(parts.get("port") or 5672)
    # `rabbitmq-server -detached` starts the node of this machine, which listens on 5672.
    if host in LOCAL_HOSTS and port == 5672 and not _listening(host, port):
        _start_local(port)
    try:
        check_broker(uri)
    except Unreachable as exc:
        vhost = parts.get("virtual_host") or "/"
        if host not in LOCAL_HOSTS or "virtual host" not in str(exc) or not _tool("rabbitmqctl"):
            raise
        user = parts.get("userid") or "guest"
        print(f"RabbitMQ: creating virtual host {vhost!r} for user {user!r}")
        _ctl("add_vhost", vhost)
        _ctl("set_permissions", "-p", vhost, user, ".*", ".*", ".*")
        check_broker(uri)


def _start_local(port: int) -> None:
    server = _tool("rabbitmq-server")
    if server is None:
        if os.geteuid() != 0:
            raise Unreachable(
                "RabbitMQ is not installed; install it with: "
                "sudo apt-get install -y rabbitmq-server, then run make run again"
            )
        print("RabbitMQ is not installed: installing it with apt-get", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env)
        done = subprocess.run(
            ["apt-get", "install", "-y", "-q", "rabbitmq-server"], check=False, env=env
        )
        server = _tool("rabbitmq-server")
        if done.returncode != 0 or server is None:
            raise Unreachable("installing RabbitMQ with apt-get failed (see the lines above)")
    print("RabbitMQ is stopped: starting it", flush=True)
    subprocess.run([server, "-detached"], check=False, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while not _listening("localhost", port):
        if time.monotonic() > deadline:
            raise Unreachable(
                f"RabbitMQ did not come up on localhost:{port} within 90 s; "
                "see /var/log/rabbitmq/ and start it with: rabbitmq-server -detached"
            )
        time.sleep(1)


def _ctl(*args: str) -> None:
    ctl = _tool("rabbitmqctl")
    assert ctl is not None
    done = subprocess.run([ctl, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0 and "already exists" not in done.stderr:
        raise Unreachable(f"rabbitmqctl {args[0]} failed: {done.stderr.strip().splitlines()[-1]}")


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    return next((f"{d}/{name}" for d in SBIN if Path(f"{d}/{name}").exists()), None)


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def present() -> dict[str, str]:
    """The modules of SERVICES that exist so far, by service name (relay, identity, ...,
    gateway, status), in the order of SERVICES."""
    return {_name(module): module for module in SERVICES if _exists(module)}


def _name(module: str) -> str:
    parts = module.split(".")
    return parts[-2] if parts[-1] == "service" else parts[-1]


def _exists(module: str) -> bool:
    """A service module is a file or a package (`identity.service` is identity/service/)."""
    path = ROOT / Path(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


if __name__ == "__main__":
    sys.exit(main())
