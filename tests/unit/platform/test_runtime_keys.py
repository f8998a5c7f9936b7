"""The keys a context's composition root derives from the deployment's pseudonym key, and the
codec it builds over its platform."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from contracts import Metadata
from contracts.identity.events import ResidentRegistered
from services.eventstore import connect
from services.eventstore.keyring import MemoryKeyring
from services.eventstore.sealing import pseudonym
from services.runtime.codecs import codec
from services.runtime.config import load
from services.runtime.keys import derived_key, root_key

ROOT_HEX = "ab" * 32


def settings(key: str = ROOT_HEX) -> Any:
    # The data directory is never touched while a key is configured.
    return load({"QUARTIER_DATA_DIR": "/nonexistent/quartier", "QUARTIER_PSEUDONYM_KEY": key})


def test_the_root_key_is_the_one_the_settings_configure() -> None:
    assert root_key(settings()) == bytes.fromhex(ROOT_HEX)


def test_a_configured_key_too_short_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        root_key(settings("ab" * 8))


def test_a_derived_key_is_the_hmac_of_its_purpose_under_the_root() -> None:
    root = bytes.fromhex(ROOT_HEX)
    # Fixed by deployed data (sign-in counters, pseudonyms shown to moderators): never change it.
    expected = hmac.new(root, b"quartier.identity.sign-in", hashlib.sha256).digest()
    assert derived_key(root, "identity.sign-in") == expected


def test_each_purpose_and_each_root_gets_a_key_of_its_own() -> None:
    root, other = bytes.fromhex(ROOT_HEX), bytes.fromhex("cd" * 32)
    keys = {
        derived_key(root, "identity.sign-in"),
        derived_key(root, "neighbourhoods.boundary-members"),
        derived_key(other, "identity.sign-in"),
        root,
    }
    assert len(keys) == 4 and all(len(k) == 32 for k in keys)


def test_the_codec_seals_with_the_platforms_keyring_and_pseudonymises_with_its_root_key() -> None:
    keyring = MemoryKeyring()
    platform = SimpleNamespace(settings=settings(), keyring=lambda: keyring)
    opened = codec(platform)  # type: ignore[arg-type]
    rid = uuid.uuid4()
    email = f"ada-{rid.hex[:8]}@example.org"
    event = ResidentRegistered(rid, email, "Ada", datetime(2026, 3, 1, tzinfo=UTC))
    store = connect("memory://")
    store.append(f"identity.resident-{rid}", [opened.encode(event, Metadata.start("system:t"))])
    [recorded] = store.read_stream(f"identity.resident-{rid}")
    assert keyring.get(str(rid)) is not None  # sealed with a key of this platform's keyring
    shown = opened.for_analytics(recorded)["data"]["email"]
    assert shown == pseudonym(bytes.fromhex(ROOT_HEX), str(rid), "email", email)
