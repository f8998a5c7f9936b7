"""Invariants of a connection, whatever the order and timing of what its sides try: no author
ever has more than the rate allows in any window, no message lands in an ended connection, and
each side thanks the other at most once."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.matching.events import ConnectionEnded, MessagePosted, ThanksGiven
from matching.commands.connections import EndConnection, GiveThanks, PostMessage
from matching.domain import errors
from matching.domain.connection import (
    INITIAL,
    MESSAGE_WINDOW,
    MESSAGES_PER_WINDOW,
    decide,
    evolve,
)
from tests.support.attempts import attempt
from tests.unit.matching.connections_kit import ADA, BOB, CID, T0, made

STEP = st.tuples(
    st.sampled_from(("post", "post", "post", "thank", "end")),
    st.sampled_from((ADA, BOB)),
    st.integers(min_value=0, max_value=120),  # seconds after the previous attempt
)


@settings(max_examples=200, deadline=None)
@given(st.lists(STEP, max_size=120))
def test_no_attempt_breaks_the_rate_the_end_or_the_single_thanks(
    steps: list[tuple[str, uuid.UUID, int]],
) -> None:
    state = evolve(INITIAL, made())
    history: list[object] = []
    at = T0
    for kind, who, wait in steps:
        at += timedelta(seconds=wait)
        command = _attempt(kind, who, at)
        state, events = attempt(decide, evolve, state, command, errors.MatchingRefusal)
        history += events

    ended = [i for i, e in enumerate(history) if isinstance(e, ConnectionEnded)]
    assert len(ended) <= 1
    posted = [(i, e) for i, e in enumerate(history) if isinstance(e, MessagePosted)]
    assert not ended or all(i < ended[0] for i, _ in posted)
    for author in (ADA, BOB):
        times = [e.posted_at for _, e in posted if e.author_id == author]
        for n, moment in enumerate(times):
            in_window = [t for t in times[: n + 1] if t > moment - MESSAGE_WINDOW]
            assert len(in_window) <= MESSAGES_PER_WINDOW
        thanks = [e for e in history if isinstance(e, ThanksGiven) and e.author_id == author]
        assert len(thanks) <= 1


def _attempt(kind: str, who: uuid.UUID, at: datetime) -> object:
    if kind == "post":
        return PostMessage(uuid.uuid4(), CID, who, "Bonjour", False, at)
    if kind == "thank":
        return GiveThanks(uuid.uuid4(), CID, who, "Merci", False, at)
    return EndConnection(uuid.uuid4(), CID, who, None, at)
