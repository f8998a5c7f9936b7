"""`quartier diff` compares a key the database numbers itself by its order, not its value:
PostgreSQL's sequences skip numbers after a rollback or a crash."""

from __future__ import annotations

import sqlalchemy as sa

from services.ops.diff import comparable_rows

TABLE = sa.Table(
    "messages",
    sa.MetaData(),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("message_id", sa.String(36), nullable=False),
)


def test_rows_numbered_with_gaps_equal_rows_numbered_in_a_row() -> None:
    live = comparable_rows([(1, "m1"), (34, "m2"), (35, "m3")], TABLE)
    fresh = comparable_rows([(1, "m1"), (2, "m2"), (3, "m3")], TABLE)
    assert live == fresh


def test_rows_numbered_in_another_order_differ() -> None:
    live = comparable_rows([(1, "m1"), (34, "m3"), (35, "m2")], TABLE)
    fresh = comparable_rows([(1, "m1"), (2, "m2"), (3, "m3")], TABLE)
    assert live != fresh


def test_a_key_taken_from_the_log_is_compared_as_it_is() -> None:
    keyed = sa.Table(
        "places", sa.MetaData(), sa.Column("n", sa.Integer, primary_key=True, autoincrement=False)
    )
    assert comparable_rows([(1,), (34,)], keyed) != comparable_rows([(1,), (2,)], keyed)
