"""The account's e-mail links through the handlers: over the in-memory store, with the token
read back from the sealed event as the mail would carry it."""

from __future__ import annotations

import uuid

import pytest

from contracts import ERASED
from contracts.identity.events import (
    EmailConfirmationRequested,
    EmailConfirmed,
    PasswordChanged,
    PasswordResetRequested,
)
from identity.domain.errors import (
    AccountTokenUnknown,
    AccountTokenUsed,
    InvalidCredentials,
    PasswordTooWeak,
)
from identity.domain.state import resident_stream
from tests.unit.identity.test_handlers import PASSWORD, World, world

NEW_PASSWORD = "a brand new secret"


def sent(w: World, rid: uuid.UUID, kind: type) -> list[object]:
    return [e for e in w.events(resident_stream(rid)) if isinstance(e, kind)]


def registered(w: World) -> tuple[uuid.UUID, str]:
    email = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    return w.handlers.register(uuid.uuid4(), email, PASSWORD, "Ada").resident_id, email


def test_signing_up_sends_a_link_whose_token_is_sealed_and_only_its_hash_in_clear() -> None:
    w = world()
    rid, _ = registered(w)
    (request,) = sent(w, rid, EmailConfirmationRequested)
    assert isinstance(request, EmailConfirmationRequested)
    raw = w.store.read_stream(resident_stream(rid))[-1]
    assert request.token not in str(raw.data)
    assert request.token_hash in str(raw.data)
    w.handlers.emails.confirm_email(uuid.uuid4(), request.token)
    assert sent(w, rid, EmailConfirmed) == [
        EmailConfirmed(rid, request.request_id, request.requested_at)
    ]


def test_a_reset_asked_for_an_unknown_address_records_nothing() -> None:
    w = world()
    head = w.store.head()
    w.handlers.emails.request_password_reset(uuid.uuid4(), "nobody@example.org")
    assert w.store.head() == head


def test_a_reset_link_sets_the_new_password_once() -> None:
    w = world()
    rid, email = registered(w)
    w.handlers.emails.request_password_reset(uuid.uuid4(), email.upper())
    (request,) = sent(w, rid, PasswordResetRequested)
    assert isinstance(request, PasswordResetRequested)
    w.handlers.emails.reset_password(uuid.uuid4(), request.token, NEW_PASSWORD)
    assert len(sent(w, rid, PasswordChanged)) == 2
    w.handlers.sign_in(email, NEW_PASSWORD, "198.51.100.1")
    with pytest.raises(InvalidCredentials):
        w.handlers.sign_in(email, PASSWORD, "198.51.100.2")
    with pytest.raises(AccountTokenUsed):
        w.handlers.emails.reset_password(uuid.uuid4(), request.token, "yet another secret")


def test_a_weak_new_password_is_refused_and_the_link_still_works() -> None:
    w = world()
    rid, email = registered(w)
    w.handlers.emails.request_password_reset(uuid.uuid4(), email)
    (request,) = sent(w, rid, PasswordResetRequested)
    assert isinstance(request, PasswordResetRequested)
    with pytest.raises(PasswordTooWeak):
        w.handlers.emails.reset_password(uuid.uuid4(), request.token, "short")
    w.handlers.emails.reset_password(uuid.uuid4(), request.token, NEW_PASSWORD)


@pytest.mark.parametrize(
    "token", ["", "no-dot", "zz.secret", f"{uuid.uuid4().hex}.secret", f"{uuid.uuid4().hex}."]
)
def test_a_token_not_ours_is_unknown(token: str) -> None:
    w = world()
    registered(w)
    with pytest.raises(AccountTokenUnknown):
        w.handlers.emails.confirm_email(uuid.uuid4(), token)
    with pytest.raises(AccountTokenUnknown):
        w.handlers.emails.reset_password(uuid.uuid4(), token, NEW_PASSWORD)


def test_pending_links_die_with_the_resident_and_their_tokens_read_as_erased() -> None:
    w = world()
    rid, email = registered(w)
    w.handlers.emails.request_password_reset(uuid.uuid4(), email)
    (request,) = sent(w, rid, PasswordResetRequested)
    assert isinstance(request, PasswordResetRequested)
    w.handlers.erase(uuid.uuid4(), rid, "system:ops")
    tokens = [
        e.token
        for e in w.events(resident_stream(rid))
        if isinstance(e, PasswordResetRequested | EmailConfirmationRequested)
    ]
    assert tokens == [ERASED, ERASED]
    with pytest.raises(AccountTokenUnknown):
        w.handlers.emails.reset_password(uuid.uuid4(), request.token, NEW_PASSWORD)


def test_an_export_withholds_the_links_tokens() -> None:
    w = world()
    rid, email = registered(w)
    w.handlers.emails.request_password_reset(uuid.uuid4(), email)
    tokens = [
        e.token
        for e in w.events(resident_stream(rid))
        if isinstance(e, PasswordResetRequested | EmailConfirmationRequested)
    ]
    text = str(w.handlers.export(rid))
    assert len(tokens) == 2 and not any(token in text for token in tokens)
