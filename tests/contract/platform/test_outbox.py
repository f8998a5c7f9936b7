"""The outbox on every read-model database: written with the handler's transaction, sent once,
retried with backoff, dead-lettered after its attempts, retried by an operator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from services.subscriptions import outbox


@pytest.fixture
def engine(database: Callable[[], sa.Engine]) -> sa.Engine:
    return database()


class Mailbox:
    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, Any], str]] = []

    def __call__(self, payload: dict[str, Any], key: str) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("mail server is down")
        self.received.append((payload, key))


def test_a_message_leaves_only_if_its_transaction_commits(engine: sa.Engine) -> None:
    with engine.begin() as tx:
        outbox.add(tx, "mail", "welcome:1", {"template": "welcome"})
    with pytest.raises(RuntimeError), engine.begin() as tx:
        outbox.add(tx, "mail", "welcome:2", {"template": "welcome"})
        raise RuntimeError("the handler failed after queueing")
    mail = Mailbox()
    assert outbox.Dispatcher(engine, {"mail": mail}).dispatch_once() == 1
    assert mail.received == [({"template": "welcome"}, "welcome:1")]


def test_the_same_idempotency_key_is_queued_and_sent_once(engine: sa.Engine) -> None:
    for _ in range(3):
        with engine.begin() as tx:
            outbox.add(tx, "letter", "code:abc", {"code": 1})
    letters = Mailbox()
    dispatcher = outbox.Dispatcher(engine, {"letter": letters})
    assert dispatcher.dispatch_once() == 1
    assert dispatcher.dispatch_once() == 0
    assert len(letters.received) == 1


def test_failures_back_off_then_dead_letter_then_an_operator_retries(engine: sa.Engine) -> None:
    with engine.begin() as tx:
        outbox.add(tx, "mail", "digest:7", {"digest": 7})
    mail = Mailbox(failures=10)
    dispatcher = outbox.Dispatcher(engine, {"mail": mail}, max_attempts=3, base_delay=timedelta(0))
    for _ in range(3):
        assert dispatcher.dispatch_once() == 0
    [dead] = outbox.dead_letters(engine)
    assert dead["attempts"] == 3 and "ConnectionError" in dead["last_error"]
    assert dispatcher.dispatch_once() == 0  # dead letters wait for an operator
    mail.failures = 0
    assert outbox.retry(engine, dead["id"])
    assert not outbox.retry(engine, dead["id"])
    assert dispatcher.dispatch_once() == 1
    assert outbox.dead_letters(engine) == []
    assert mail.received == [({"digest": 7}, "digest:7")]


def test_a_failed_message_waits_out_its_backoff(engine: sa.Engine) -> None:
    with engine.begin() as tx:
        outbox.add(tx, "mail", "reminder:1", {})
    mail = Mailbox(failures=1)
    dispatcher = outbox.Dispatcher(engine, {"mail": mail}, base_delay=timedelta(hours=1))
    assert dispatcher.dispatch_once() == 0
    assert dispatcher.dispatch_once() == 0  # not due for an hour
    assert mail.received == []
