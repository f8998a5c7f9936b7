"""The embedded mail server's process, started by the notifications service when no mail server
is configured (QUARTIER_SMTP_HOST empty: `make run` and the end-to-end platform), so that
e-mails land as .eml files under <data dir>/outbox/mail/ without any setup. A replica that
finds the port taken uses the server already there; the server ends with the service that
started it (and with its process group)."""

from __future__ import annotations

import contextlib
import ctypes
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1
READY_SECONDS = 10.0


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _die_with_parent() -> None:
    with contextlib.suppress(OSError):  # not Linux: the process group still ends it
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start(folder: Path, host: str, port: int) -> subprocess.Popen[bytes] | None:
    """The server's process, or None when one already listens there."""
    if _listening(host, port):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "notifications.adapters.mail_server", "--folder", str(folder),
         "--host", host, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        preexec_fn=_die_with_parent,
    )  # fmt: skip
    deadline = time.monotonic() + READY_SECONDS
    while not _listening(host, port):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(
                f"the embedded mail server did not start on {host}:{port}; "
                "free the port or set QUARTIER_SMTP_PORT"
            )
        time.sleep(0.05)
    return process


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
