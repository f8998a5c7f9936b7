"""A connection's rules hold under writers in several processes on PostgreSQL: one side writing
from four processes at once gets exactly the messages the rate allows (the rest refused
too_many_messages) and thanks the other once, however the appends interleave."""

from __future__ import annotations

import multiprocessing
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from contracts import default_registry
from contracts.envelope import Metadata
from contracts.matching.events import ConnectionMade
from matching.commands.connections import GiveThanks, PostMessage
from matching.domain.connection import MESSAGES_PER_WINDOW, connection_stream
from matching.domain.errors import AlreadyThanked, TooManyMessages
from matching.handlers import MatchingHandlers, resident_actor
from services.eventstore import NO_STREAM, WrongExpectedVersion, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring_sql import SqlKeyring
from tests.conftest import drop_schema, fresh_postgres_url

pytestmark = pytest.mark.postgres

WRITERS = 4
MESSAGES_EACH = 12  # together more than the rate allows
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
KEY = b"c" * 32


def _codec(url: str) -> Codec:
    return Codec(default_registry(), SqlKeyring(url), KEY)


def _write(url: str, connection: str, author: str) -> None:
    """One process: its messages and a thank-you, refusals expected once the rules bite."""
    store = connect(url)
    streams = MatchingHandlers(store, _codec(url), lambda: T0)
    cid, who = uuid.UUID(connection), uuid.UUID(author)
    commands = [
        PostMessage(uuid.uuid4(), cid, who, "Bonjour", False, T0) for _ in range(MESSAGES_EACH)
    ]
    commands.insert(MESSAGES_EACH // 2, GiveThanks(uuid.uuid4(), cid, who, "Merci", False, T0))
    for command in commands:
        _until_decided(streams, command, who)
    store.close()


def _until_decided(streams: MatchingHandlers, command: object, who: uuid.UUID) -> None:
    """As a client answered `conflict` does: the same command again (its id makes it once)."""
    while True:
        try:
            streams.execute(command, resident_actor(who))
            return
        except (TooManyMessages, AlreadyThanked):
            return
        except WrongExpectedVersion:
            continue


@pytest.fixture
def url() -> Iterator[str]:
    found = fresh_postgres_url()
    yield found
    drop_schema(found)


def test_writers_in_several_processes_get_exactly_the_rate_and_one_thanks(url: str) -> None:
    store = connect(url)
    ada, bob, cid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    made = ConnectionMade(cid, (ada, bob), "response", T0, None, uuid.uuid4())
    metadata = Metadata.start("system:tests")
    store.append(connection_stream(cid), [_codec(url).encode(made, metadata)], NO_STREAM)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write, args=(url, str(cid), str(ada))) for _ in range(WRITERS)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    types = [e.type for e in store.read_stream(connection_stream(cid))]
    assert types.count("matching.MessagePosted") == MESSAGES_PER_WINDOW
    assert types.count("matching.ThanksGiven") == 1
    store.close()
