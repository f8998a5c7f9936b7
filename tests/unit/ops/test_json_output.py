"""The operators' `--json` output (`quartier diff --json`, `audit --json`): amounts read from a
read model are Decimals, printed exactly as text, never rounded through a float; a state's
field kept in another shape than it reads is shown as it reads."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from contracts.neighbourhoods.events import MemberJoined, MemberLeft, ModeratorAppointed
from neighbourhoods.domain.neighbourhood import fold
from services.ops.audit_view import jsonable, print_json
from services.ops.diff import compare


def test_a_diff_of_rows_holding_amounts_prints_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    listing = uuid.uuid4()
    at = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    live = {"listings": {(str(listing), Decimal("12.50"), at)}}
    rebuilt = {"listings": {(str(listing), Decimal("0.10"), at)}}
    print_json(jsonable(compare(live, rebuilt)))
    printed = json.loads(capsys.readouterr().out)
    assert printed == {
        "listings": {
            "only_in_a": [[str(listing), "12.50", at.isoformat()]],
            "only_in_b": [[str(listing), "0.10", at.isoformat()]],
        }
    }


def test_a_neighbourhood_as_of_shows_its_members_not_the_integers_it_keeps() -> None:
    nid, rid, join, at = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), datetime.now(UTC)
    gone, gone_join = uuid.uuid4(), uuid.uuid4()
    state = fold(
        [
            MemberJoined(nid, rid, join, at),
            ModeratorAppointed(nid, rid, at),
            MemberJoined(nid, gone, gone_join, at),
            MemberLeft(nid, gone, gone_join, at),
        ]
    )
    shown = jsonable(state)
    assert "memberships" not in shown and "ended" not in shown
    assert shown["ended_joins"] == [str(gone_join)]
    assert shown["members"] == [
        {
            "resident_id": str(rid),
            "join_id": str(join),
            "joined_at": at.isoformat(),
            "moderator_since": at.isoformat(),
        }
    ]
