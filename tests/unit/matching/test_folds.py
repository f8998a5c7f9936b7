"""The audit's folds (FOLDS, read by `quartier audit --as-of`) cover every stream the matching
handlers append to, matches, connections and blocks alike, each starting from its aggregate's
initial state."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from matching.domain import FOLDS
from matching.handlers import HANDLERS


def test_every_stream_the_handlers_append_to_has_its_fold() -> None:
    named = SimpleNamespace(
        match_id=uuid.uuid4(), connection_id=uuid.uuid4(), blocker_id=uuid.uuid4()
    )
    initial = {
        aggregate.stream(named).split("-", 1)[0]: aggregate.initial
        for aggregate in HANDLERS.values()
    }
    assert (
        set(initial) == set(FOLDS) == {"matching.match", "matching.connection", "matching.blocks"}
    )
    for category, fold in FOLDS.items():
        assert fold([]) == initial[category], category
