"""A subscriber's tables declared once, copied for each generation of its read model."""

from __future__ import annotations

import sqlalchemy as sa

from services.subscriptions.subscriber import SUFFIX, generations

LOANS = sa.Table(
    "toys_loans",
    sa.MetaData(),
    sa.Column("loan_id", sa.String(36), primary_key=True),
    sa.Column("borrower_id", sa.String(36), nullable=False, index=True),
    sa.Column("lent_us", sa.BigInteger, nullable=False),
    sa.Index(f"toys_loans{SUFFIX}_by_borrower", "borrower_id", "lent_us"),
)
define = generations(loans=LOANS)


def index_names(table: sa.Table) -> set[str | None]:
    return {index.name for index in table.indexes}


def test_each_generation_names_its_tables_and_their_indexes_after_its_suffix() -> None:
    metadata = sa.MetaData()
    first, second = define(metadata, "_v1").loans, define(metadata, "_v2").loans
    assert (first.name, second.name) == ("toys_loans_v1", "toys_loans_v2")
    assert index_names(first) == {"toys_loans_v1_by_borrower", "ix_toys_loans_v1_borrower_id"}
    assert index_names(second) == {"toys_loans_v2_by_borrower", "ix_toys_loans_v2_borrower_id"}
    assert [c.name for c in first.columns] == ["loan_id", "borrower_id", "lent_us"]


def test_the_declaration_itself_is_left_as_it_was() -> None:
    define(sa.MetaData(), "_v3")
    assert LOANS.name == "toys_loans"
    assert index_names(LOANS) == {f"toys_loans{SUFFIX}_by_borrower", "ix_toys_loans_borrower_id"}
