"""Who the ops service takes for an operator, from identity's events alone: granted, revoked,
erased; another role or an event delivered again changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa

from contracts.identity.events import ResidentErased, RoleGranted, RoleRevoked
from services.ops.projections import operators

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def tables() -> Iterator[tuple[sa.Engine, SimpleNamespace]]:
    engine = sa.create_engine("sqlite://")
    metadata = sa.MetaData()
    t = operators.define(metadata, "")
    metadata.create_all(engine)
    yield engine, t
    engine.dispose()


def applied(tables: tuple[sa.Engine, SimpleNamespace], *events: tuple[Any, int]) -> bool:
    engine, t = tables
    rid = events[0][0].resident_id
    with engine.begin() as tx:
        for event, version in events:
            operators.apply(tx, t, event, version)
    with engine.connect() as conn:
        return operators.is_operator(conn, t, rid)


def test_a_grant_makes_an_operator_and_a_revocation_unmakes_them(tables: Any) -> None:
    rid = uuid.uuid4()
    granted = RoleGranted(rid, "operator", None, NOW)
    assert applied(tables, (granted, 3))
    assert not applied(tables, (RoleRevoked(rid, "operator", None, NOW), 4))


def test_an_old_grant_delivered_again_changes_nothing(tables: Any) -> None:
    rid = uuid.uuid4()
    granted = RoleGranted(rid, "operator", None, NOW)
    assert not applied(
        tables, (granted, 3), (RoleRevoked(rid, "operator", None, NOW), 4), (granted, 3)
    )


def test_a_moderator_is_no_operator_and_an_erased_operator_is_none_any_more(tables: Any) -> None:
    rid = uuid.uuid4()
    assert not applied(tables, (RoleGranted(rid, "moderator", uuid.uuid4(), NOW), 1))
    assert applied(tables, (RoleGranted(rid, "operator", None, NOW), 2))
    assert not applied(tables, (ResidentErased(rid, NOW), 3))
