"""What the notifications end-to-end tests share: a resident's confirmed address (the account's
e-mail confirmation is identity's; its event is recorded here as identity will record it), the
live stream read on a thread, and the e-mails the embedded mail server kept."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import uuid
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import requests

from contracts import Metadata
from services.eventstore import NO_STREAM, NewEvent, connect
from tests.support.platform import Platform, Resident


def confirm_email(platform: Platform, who: Resident) -> None:
    store = connect(platform.store_url)
    try:
        event = NewEvent(
            "identity.EmailConfirmed",
            {
                "resident_id": who.resident_id,
                "request_id": str(uuid.uuid4()),
                "confirmed_at": datetime.now(UTC).isoformat(),
            },
            Metadata.start(f"resident:{who.resident_id}", uuid.uuid4()).to_dict(),
        )
        # A stream of its own: identity's read model, which would not know the type yet, reads
        # only its residents' streams.
        store.append(f"identity.confirmation-{uuid.uuid4()}", [event], expected_version=NO_STREAM)
    finally:
        store.close()


def mails(platform: Platform) -> list[EmailMessage]:
    folder = platform.data_dir / "outbox" / "mail"
    found = []
    for path in sorted(folder.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        found.append(message)
    return found


def mails_to(platform: Platform, who: Resident) -> list[EmailMessage]:
    return [m for m in mails(platform) if m["To"] == who.email]


class Listening:
    """GET /notifications/stream read on a thread: the events it brought, in order."""

    def __init__(self, platform: Platform, who: Resident, last_event_id: str | None = None) -> None:
        headers = {**who.auth, "Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        self.events: list[dict[str, Any]] = []
        self.opened = threading.Event()
        self._response = requests.get(
            f"{platform.api}/notifications/stream", headers=headers, stream=True, timeout=30
        )
        assert self._response.status_code == 200, self._response.status_code
        assert self._response.headers["Content-Type"].startswith("text/event-stream")
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        event: dict[str, Any] = {}
        try:
            for raw in self._response.iter_lines():
                line = raw.decode() if isinstance(raw, bytes) else str(raw)
                if line.startswith("retry:"):
                    self.opened.set()
                elif line.startswith("id: "):
                    event["id"] = line[4:]
                elif line.startswith("event: "):
                    event["event"] = line[7:]
                elif line.startswith("data: "):
                    event["data"] = json.loads(line[6:])
                elif line == "" and event:
                    self.events.append(event)
                    event = {}
        except (requests.RequestException, AttributeError, ValueError):
            return

    def notifications(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("event") == "notification"]

    def close(self) -> None:
        # The reading thread is in a blocking read of the response: closing the response waits
        # for the reader it holds, until the read times out (30 s). Shut down, the socket ends
        # that read at once.
        sock = getattr(getattr(self._response.raw, "connection", None), "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._response.close()
        self._thread.join(timeout=10)
