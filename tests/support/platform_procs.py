"""Running services as `make run` does (services.runtime.serve), one subprocess each, against a
data directory and a RabbitMQ vhost of the test's own."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pika
import sqlalchemy as sa
from nameko.standalone.rpc import ClusterRpcProxy

from tests.support import eventually

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "local" / "config.yml"


class Served:
    """One `serve` process; restartable after a SIGKILL."""

    def __init__(self, modules: list[str], env: dict[str, str], log: Path) -> None:
        self.modules = modules
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, ready_timeout: float = 30.0) -> None:
        command = [sys.executable, "-m", "services.runtime.serve", "--config", str(CONFIG)]
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [*command, *self.modules],
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = self.process

        def running() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"{self.modules} exited:\n{self._tail().decode()}")
            return b"running:" in self._tail()

        try:
            eventually(running, timeout=ready_timeout, interval=0.05, what="running")
        except AssertionError:
            raise RuntimeError(f"{self.modules} did not start:\n{self._tail().decode()}") from None

    def _tail(self) -> bytes:
        # Only what this start wrote: the log is appended to across restarts.
        data = self.log.read_bytes() if self.log.exists() else b""
        return data.rsplit(b"\n--- start\n", 1)[-1]

    def mark(self) -> None:
        with open(self.log, "ab") as out:
            out.write(b"\n--- start\n")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.kill()
        self.mark()
        self.start()

    def interrupt(self, timeout: float = 15.0) -> int:
        """Ctrl-C, as a person at the terminal would; the exit status."""
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=timeout)


def environment(data_dir: Path, amqp_uri: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUARTIER_")}
    env.update(
        QUARTIER_DATA_DIR=str(data_dir),
        QUARTIER_AMQP_URI=amqp_uri,
        QUARTIER_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


@contextlib.contextmanager
def served(modules: list[str], env: dict[str, str], log: Path) -> Iterator[Served]:
    process = Served(modules, env, log)
    process.mark()
    process.start()
    try:
        yield process
    finally:
        process.kill()


@contextlib.contextmanager
def chain(
    amqp_uri: str,
    env: dict[str, str],
    logs: Path,
    *modules: str,
    last: dict[str, str] | None = None,
) -> Iterator[tuple[Served, Any]]:
    """The relay, then each of `modules` (a service's module: "identity.service"), one process
    each on `env` (the last one's updated with `last`), logging to `logs`/<its package>.log;
    the last one's process, and an RPC proxy to them all."""
    with contextlib.ExitStack() as stack:
        process = stack.enter_context(served(["services.relay.service"], env, logs / "relay.log"))
        for module in modules:
            given = {**env, **(last or {})} if module == modules[-1] else env
            log = logs / f"{module.rsplit('.', 2)[-2]}.log"
            process = stack.enter_context(served([module], given, log))
        yield process, stack.enter_context(ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30))


@contextlib.contextmanager
def contexts_running(
    amqp_uri: str, env: dict[str, str], logs: Path, *contexts: str
) -> Iterator[tuple[Served, Any]]:
    """`chain` of the contexts' services ("identity", ...); on the way out, the last one
    logged no ERROR."""
    with chain(amqp_uri, env, logs, *(f"{c}.service" for c in contexts)) as running:
        yield running
    assert_no_errors(logs / f"{contexts[-1]}.log")


def assert_no_errors(log: Path) -> None:
    """The service that wrote `log` logged no ERROR."""
    text = log.read_text()
    assert " ERROR " not in text, text


def wake_up_twice(amqp_uri: str, context: str, kinds: tuple[str, ...]) -> None:
    """The relay's messages for `context`'s events `kinds`, delivered again (as RabbitMQ may)."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = connection.channel()
    for kind in kinds * 2:
        body = json.dumps({"type": f"{context}.{kind}"}).encode()
        properties = pika.BasicProperties(content_type="application/json")
        channel.basic_publish(f"{context}.events", kind, body, properties)
    connection.close()


def restart_gently(process: Served, env: dict[str, str]) -> None:
    """Restart `process` on `env`, stopped with Ctrl-C: the service acknowledges the requests
    it answered (killed, it could be handed a refused one again after the restart)."""
    process.interrupt()
    process.env = env
    process.mark()
    process.start()


def applied_ids(read_db: Path) -> list[str]:
    if not read_db.exists():
        return []
    engine = sa.create_engine(f"sqlite:///{read_db}")
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("toy_applied_v1"):
                return []
            return list(conn.execute(sa.text("SELECT event_id FROM toy_applied_v1")).scalars())
    finally:
        engine.dispose()
