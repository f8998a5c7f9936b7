"""Passwords typed again before a grave change (erasure), and sign-in throttling through the
handlers: a device that signed in before is spared the wait that guessers elsewhere caused."""

from __future__ import annotations

import uuid

import pytest

from contracts import ERASED
from identity.adapters.ratelimit import MemoryAttemptStore, SignInLimiter
from identity.domain.email_claim import email_claim_stream
from identity.domain.errors import CurrentPasswordWrong, InvalidCredentials, TooManySignInAttempts
from tests.support import Clock
from tests.unit.identity.test_handlers import PASSWORD, world

NOW = 1_800_000_000.0  # the limiter's clock: seconds since the epoch


def test_an_erasure_with_a_wrong_password_erases_nothing_and_counts_as_a_failure() -> None:
    w = world()
    rid = w.handlers.register(uuid.uuid4(), "ada@example.org", PASSWORD, "Ada").resident_id
    head = w.store.head()
    with pytest.raises(CurrentPasswordWrong):
        w.handlers.erase(uuid.uuid4(), rid, f"resident:{rid}", "not the password", "192.0.2.1")
    assert w.store.head() == head
    assert not w.keyring.is_erased(str(rid))
    assert w.limiter.failures["192.0.2.1"] == 1
    assert w.handlers.sign_in("ada@example.org", PASSWORD, "192.0.2.2").resident_id == rid


def test_an_erasure_with_the_password_forgets_the_resident_and_a_retry_answers_alike() -> None:
    w = world()
    rid = w.handlers.register(uuid.uuid4(), "ada@example.org", PASSWORD, "Ada").resident_id
    command_id = uuid.uuid4()
    first = w.handlers.erase(command_id, rid, f"resident:{rid}", PASSWORD, "192.0.2.1")
    assert w.events(email_claim_stream("ada@example.org"))[0].email is ERASED
    head = w.store.head()
    again = w.handlers.erase(command_id, rid, f"resident:{rid}", PASSWORD, "192.0.2.1")
    assert again == first and w.store.head() == head


def test_a_throttled_source_cannot_erase_even_with_the_password() -> None:
    w = world()
    rid = w.handlers.register(uuid.uuid4(), "ada@example.org", PASSWORD, "Ada").resident_id
    for _ in range(3):
        with pytest.raises(CurrentPasswordWrong):
            w.handlers.erase(uuid.uuid4(), rid, f"resident:{rid}", "wrong guess", "198.51.100.7")
    head = w.store.head()
    with pytest.raises(TooManySignInAttempts):
        w.handlers.erase(uuid.uuid4(), rid, f"resident:{rid}", PASSWORD, "198.51.100.7")
    assert w.store.head() == head


def test_failures_from_many_addresses_never_keep_a_known_device_out() -> None:
    clock = Clock(NOW)
    w = world(limiter=SignInLimiter(MemoryAttemptStore(), clock))
    w.handlers.register(uuid.uuid4(), "ada@example.org", PASSWORD, "Ada")
    w.handlers.sign_in("ada@example.org", PASSWORD, "192.0.2.1", "ada-laptop-token")
    for i in range(6):
        with pytest.raises(InvalidCredentials):
            w.handlers.sign_in("ada@example.org", "a guess", f"198.51.100.{i}", f"bot-{i}")
        clock.now += 1
    with pytest.raises(TooManySignInAttempts):
        w.handlers.sign_in("ada@example.org", PASSWORD, "192.0.2.1", "a-new-browser")
    signed_in = w.handlers.sign_in("ada@example.org", PASSWORD, "192.0.2.1", "ada-laptop-token")
    assert signed_in.resident_id is not None
