"""Both sides of a match answer at the same moment from two processes, on a PostgreSQL event
store: each match is connected exactly once, with both acceptances recorded; two processes
proposing the same pairs at once record one proposal per pair."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from contracts import default_registry
from contracts.matching.matches import match_id_for
from matching.commands import AcceptMatch, ProposeMatch
from matching.handlers import MatchingHandlers
from services.eventstore import connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.conftest import drop_schema, fresh_postgres_url
from tests.support.races import race

pytestmark = pytest.mark.postgres
MATCHES = 12
NID = uuid.UUID(int=1)
AT = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


def handlers(url: str) -> MatchingHandlers:
    # A match's events carry no personal data: no resident's key is ever needed.
    codec = Codec(default_registry(), MemoryKeyring(), b"c" * 32)
    return MatchingHandlers(connect(url), codec, lambda: AT)


def proposal(pair: tuple[str, str, str, str]) -> ProposeMatch:
    offer, request, giver, asker = (uuid.UUID(x) for x in pair)
    reasons = ({"factor": "category", "points": 15, "detail": {"category": "service"}},)
    return ProposeMatch(uuid.uuid4(), offer, request, giver, asker, NID, "service", 15, reasons, AT)


def _propose_all(url: str, pairs: list[tuple[str, str, str, str]], start: Any) -> None:
    run = handlers(url)
    start.wait(30)
    for pair in pairs:
        run.act(proposal(pair), None)


def _accept_all(url: str, answers: list[tuple[str, str]], start: Any) -> None:
    run = handlers(url)
    start.wait(30)
    for match_id, resident_id in answers:
        who = uuid.UUID(resident_id)
        run.act(AcceptMatch(uuid.uuid4(), uuid.UUID(match_id), who, AT), who)


@pytest.fixture
def url() -> Iterator[str]:
    found = fresh_postgres_url()
    connect(found).close()  # the schema exists before the processes race
    yield found
    drop_schema(found)


def some_pairs() -> list[tuple[str, str, str, str]]:
    """(offer, request, offer's author, request's author), as text for the processes."""
    return [(str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4()))
            for _ in range(MATCHES)]  # fmt: skip


def test_two_processes_proposing_the_same_pairs_record_one_proposal_each(url: str) -> None:
    pairs = some_pairs()
    race(_propose_all, (url, pairs), (url, pairs[::-1]))
    store = connect(url)
    proposed = Counter(
        e.stream for e in store.read_all(limit=None, types=["matching.MatchProposed"])
    )
    assert sorted(proposed.values()) == [1] * MATCHES


def test_both_sides_accepting_at_once_connect_each_match_exactly_once(url: str) -> None:
    pairs = some_pairs()
    setup = handlers(url)
    for pair in pairs:
        setup.act(proposal(pair), None)
    ids = [str(match_id_for(uuid.UUID(p[0]), uuid.UUID(p[1]))) for p in pairs]
    givers = [(mid, pair[2]) for mid, pair in zip(ids, pairs, strict=True)]
    askers = [(mid, pair[3]) for mid, pair in zip(ids, pairs, strict=True)]
    race(_accept_all, (url, givers), (url, askers))
    store = connect(url)
    connected = Counter(
        e.data["match_id"] for e in store.read_all(limit=None, types=["matching.MatchConnected"])
    )
    accepted = Counter(
        e.data["match_id"] for e in store.read_all(limit=None, types=["matching.MatchAccepted"])
    )
    assert connected == Counter(ids)
    assert accepted == Counter(ids * 2)
