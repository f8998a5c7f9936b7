"""`python -m services.runtime.serve [--config FILE] module[:Class] ...`: `nameko run`, except
that an unreachable broker, store or database ends the start with one line (no traceback) and
exit status 1, and that it says what is running once every container has started.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message="(?s).*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()  # before anything opens a socket or takes a lock

import argparse  # noqa: E402
import errno  # noqa: E402
import gc  # noqa: E402
import logging  # noqa: E402
import logging.config  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from typing import Any  # noqa: E402

from nameko.cli.run import import_service  # noqa: E402
from nameko.runners import ServiceRunner  # noqa: E402

from .config import from_config, load_file, mask_credentials_in_logs, safe_url  # noqa: E402
from .preflight import Unreachable, check_all  # noqa: E402

DEFAULT_CONFIG = "deploy/local/config.yml"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.runtime.serve")
    parser.add_argument("--config", default=DEFAULT_CONFIG)
    parser.add_argument("services", nargs="+", help="module or module:Class")
    args = parser.parse_args(argv)
    config = load_file(args.config)
    if "LOGGING" in config:
        logging.config.dictConfig(config["LOGGING"])
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    mask_credentials_in_logs()
    classes = [cls for path in args.services for cls in import_service(path)]
    settings = from_config(config)
    try:
        check_all(settings, [cls.name for cls in classes])
        runner = ServiceRunner(config)
        for cls in classes:
            runner.add_service(cls)
        runner.start()
    except Unreachable as exc:
        print(f"quartier: {exc}", file=sys.stderr)
        return 1
    _settle_startup_objects()
    print(
        f"running: {', '.join(cls.name for cls in classes)} "
        f"(broker {safe_url(settings.amqp_uri)}, event store {safe_url(settings.event_store)}, "
        f"data in {settings.data_dir.resolve()}); Ctrl-C stops everything",
        flush=True,
    )
    if "gateway" in (cls.name for cls in classes):
        print(f"open {web_address(config)}", flush=True)
    return _wait(runner)


def _settle_startup_objects() -> None:
    """What the start built (modules, schemas, tables, containers: some 100,000 objects) lives
    as long as the process: kept out of the cycle collector's full passes, which otherwise walk
    it every few seconds under load and hold every request of the process meanwhile
    (docs/decisions/0074). Collected once first, so that no garbage is kept for good."""
    gc.collect()
    gc.freeze()


def web_address(config: dict[str, Any]) -> str:
    """The gateway's address for a browser: an any-address bind is reached on localhost."""
    host, _, port = str(config.get("WEB_SERVER_ADDRESS") or "0.0.0.0:8000").rpartition(":")
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    return f"http://{host}:{port}/"


def _wait(runner: Any) -> int:
    # Signal handlers may not use eventlet (as in nameko's own `run`): they spawn the stop.
    # A first Ctrl-C or SIGTERM stops gracefully; a second one kills; more are ignored, so
    # an impatient terminal never turns a clean stop into a traceback.
    received: list[int] = []

    def on_signal(signum: int, _frame: Any) -> None:
        received.append(signum)
        if len(received) == 1:
            print("stopping...", flush=True)
            eventlet.spawn_n(runner.stop)
        elif len(received) == 2:
            print("stopping now", flush=True)
            eventlet.spawn_n(runner.kill)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    waiting = eventlet.spawn(runner.wait)
    while True:
        try:
            waiting.wait()
            return 0
        except OSError as exc:
            if exc.errno != errno.EINTR:
                raise


if __name__ == "__main__":
    sys.exit(main())
