"""A query's connection (services.subscriptions.database.querying): on PostgreSQL its
statements run alone, with no transaction left open between them (no BEGIN and ROLLBACK round
trips); on SQLite the query keeps one transaction, and so one snapshot, for all of them."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from services.subscriptions.database import querying
from tests.contract.read_models import open_databases


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_query_holds_a_transaction_on_sqlite_only(kind: str, tmp_path: Path) -> None:
    for open_one in open_databases(kind, tmp_path):
        engine = open_one()
        with engine.connect() as raw:
            conn = querying(raw)
            conn.execute(sa.text("SELECT 1")).all()
            conn.execute(sa.text("SELECT 2")).all()
            dbapi = conn.connection.dbapi_connection
            if kind == "sqlite":
                assert dbapi.in_transaction  # type: ignore[union-attr]
            else:
                assert dbapi.info.transaction_status.name == "IDLE"  # type: ignore[union-attr]
