"""The embedded mail server of `make run` and the end-to-end platform: a real SMTP server
(aiosmtpd) that keeps each message it receives as `<folder>/<Message-ID>.eml`, for a person to
open. A message received again under the same Message-ID (sent twice after a crash) replaces
its copy, as a receiving system that drops duplicates would; `received.log` lists every
arrival, duplicates included, one Message-ID a line, for whoever needs to count them.

    python -m notifications.adapters.mail_server --folder var/outbox/mail --port 8025

While the file named by --refuse-while exists, every message is answered 451 (try again
later): the tests stop the server from accepting without stopping it.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import signal
import threading
from email import message_from_bytes
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from services.runtime.files import write_atomically

SAFE = re.compile(r"[^A-Za-z0-9@._-]")
RECEIVED = "received.log"


def file_name(message_id: str | None, content: bytes) -> str:
    """`<id@host>` -> `id@host.eml`; a message without a Message-ID is named by its digest."""
    if not message_id:
        return hashlib.sha256(content).hexdigest()[:32] + ".eml"
    return SAFE.sub("_", message_id.strip().strip("<>"))[:200] + ".eml"


class Keeper:
    """The aiosmtpd handler: one .eml file per message."""

    def __init__(self, folder: Path, refuse_while: Path | None = None) -> None:
        self.folder = folder
        self.refuse_while = refuse_while
        self._lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_while is not None and self.refuse_while.exists():
            return "451 4.3.2 Not accepting messages now, try again later"
        content = bytes(envelope.original_content or envelope.content)
        message_id = message_from_bytes(content).get("Message-ID")
        name = file_name(message_id, content)
        with self._lock:
            write_atomically(self.folder / name, content)
            with (self.folder / RECEIVED).open("a") as log:
                log.write(name + "\n")
        return "250 2.0.0 Message kept"


def serve(folder: Path, host: str, port: int, refuse_while: Path | None = None) -> Controller:
    controller = Controller(Keeper(folder, refuse_while), hostname=host, port=port)
    controller.start()
    return controller


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", required=True, type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--refuse-while", type=Path, default=None)
    args = parser.parse_args()
    controller = serve(args.folder, args.host, args.port, args.refuse_while)
    print(f"mail server: {args.host}:{args.port}, messages kept in {args.folder}", flush=True)
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
