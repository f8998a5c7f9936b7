"""The links of an account's e-mails, as an end-to-end test reaches them: from the sealed event
identity recorded (opened with the platform's own keyring and codec), or from the mail the
notifications service wrote under <data dir>/outbox/mail/. Nothing here prints a token or an
address."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path
from typing import Any

from contracts import default_registry
from services.eventstore import connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import connect_keyring
from services.runtime.config import load
from services.runtime.keys import root_key

CONFIRMATION = "identity.EmailConfirmationRequested"
RESET = "identity.PasswordResetRequested"
LINK = {
    CONFIRMATION: re.compile(r"/email-confirmation\?token=([A-Za-z0-9._~%-]+)"),
    RESET: re.compile(r"/password-reset\?token=([A-Za-z0-9._~%-]+)"),
}


def requests_of(data_dir: Path, resident_id: str, kind: str) -> list[Any]:
    """The decoded `kind` events of the resident's stream, oldest first (tokens in clear, or
    ERASED once the resident is)."""
    settings = load({"QUARTIER_DATA_DIR": str(data_dir)})
    store = connect(f"sqlite:///{data_dir}/events.db")
    keyring = connect_keyring(settings.keyring)
    try:
        codec = Codec(default_registry(), keyring, root_key(settings))
        recorded = store.read_stream(f"identity.resident-{resident_id}")
        return [codec.decode(r).event for r in recorded if r.type == kind]
    finally:
        store.close()
        keyring.close()


def sealed_token(data_dir: Path, resident_id: str, kind: str) -> str | None:
    """The token of the latest `kind` request, unsealed; None before there is one."""
    found = requests_of(data_dir, resident_id, kind)
    return str(found[-1].token) if found else None


def mailed_token(data_dir: Path, address: str, kind: str) -> str | None:
    """The token of the latest link of `kind` in a mail to `address`; None before there is
    one."""
    folder = data_dir / "outbox" / "mail"
    if not folder.is_dir():
        return None
    found: list[tuple[float, str]] = []
    for path in folder.rglob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if address.casefold() not in str(message.get("To", "")).casefold():
            continue
        body = message.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
        matched = LINK[kind].search(body.get_content() if body is not None else "")
        if matched:
            found.append((path.stat().st_mtime, matched.group(1)))
    return max(found)[1] if found else None
