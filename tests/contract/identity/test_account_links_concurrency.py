"""A link used at once from several processes on PostgreSQL: a reset link sets one password
and refuses the others as used; a confirmation link confirms once and answers every other use
alike. Each process has its own handlers over the same event store and keyring."""

from __future__ import annotations

import multiprocessing
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from contracts import default_registry
from contracts.identity.events import (
    EmailConfirmationRequested,
    EmailConfirmed,
    PasswordResetCompleted,
    PasswordResetRequested,
)
from identity.domain.state import resident_stream
from identity.handlers import IdentityHandlers
from services.eventstore import connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import connect_keyring
from tests.conftest import drop_schema, fresh_postgres_url
from tests.unit.identity.test_handlers import (
    PASSWORD,
    FakeGeocoder,
    FakeLetterBox,
    FakeLimiter,
    FakePasswords,
    FakeProofStore,
    fake_hash,
)

USERS = 4
AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def handlers(store_url: str, keyring_url: str) -> tuple[IdentityHandlers, Codec]:
    store, keyring = connect(store_url), connect_keyring(keyring_url)
    codec = Codec(default_registry(), keyring, b"p" * 32)
    built = IdentityHandlers(
        store, codec, keyring, lambda: AT, FakePasswords(), FakeLimiter(), FakeGeocoder(),
        FakeLetterBox(), FakeProofStore(), new_code=lambda: "CODE", hash_code=fake_hash,
    )  # fmt: skip
    return built, codec


def use(
    store_url: str, keyring_url: str, kind: str, token: str, n: int, start: Any, out: Any
) -> None:
    core, _ = handlers(store_url, keyring_url)
    start.wait(60)
    try:
        if kind == "reset":
            core.emails.reset_password(uuid.uuid4(), token, f"a new password number {n}")
        else:
            core.emails.confirm_email(uuid.uuid4(), token)
        out.put("ok")
    except Exception as exc:  # what each process met, whatever it was
        out.put(type(exc).__name__)


@pytest.fixture
def urls(tmp_path: Path) -> Iterator[tuple[str, str]]:
    store_url = fresh_postgres_url()
    yield store_url, f"sqlite:///{tmp_path}/keyring.db"
    drop_schema(store_url)


@pytest.mark.parametrize(
    ("kind", "requested", "recorded", "others"),
    [
        ("reset", PasswordResetRequested, PasswordResetCompleted, "AccountTokenUsed"),
        ("confirm", EmailConfirmationRequested, EmailConfirmed, "ok"),
    ],
)
def test_a_link_used_at_once_from_several_processes_is_used_once(
    urls: tuple[str, str], kind: str, requested: type, recorded: type, others: str
) -> None:
    core, codec = handlers(*urls)
    email = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    rid = core.register(uuid.uuid4(), email, PASSWORD, "Ada").resident_id
    if kind == "reset":
        core.emails.request_password_reset(uuid.uuid4(), email)
    stream = resident_stream(rid)
    events = [codec.decode(r).event for r in core._store.read_stream(stream)]
    token = next(e.token for e in reversed(events) if isinstance(e, requested))

    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Barrier(USERS), ctx.Queue()
    procs = [
        ctx.Process(target=use, args=(*urls, kind, token, n, start, out)) for n in range(USERS)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    answers = sorted(out.get(timeout=10) for _ in procs)
    assert answers == sorted(["ok", *[others] * (USERS - 1)])
    after = [codec.decode(r).event for r in core._store.read_stream(stream)]
    assert sum(isinstance(e, recorded) for e in after) == 1
