"""The pooled connections of a read-model engine and of the keyring across a PostgreSQL crash
(`pg_ctl stop -m immediate`): the first statement after the restart is served on a fresh
connection, not failed on a dead one, though the pool no longer pings every checkout
(docs/decisions/0055); and while the server is down, the error names it. Runs against a
private cluster (tests/support/pg_cluster.py), never the shared server."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from services.eventstore.keyring import KeyringUnavailable
from services.eventstore.keyring_sql import SqlKeyring
from services.subscriptions.database import open_database
from tests.support.pg_cluster import private_cluster

pytestmark = pytest.mark.postgres
PID = sa.text("SELECT pg_backend_pid()")


def test_pooled_connections_used_just_before_a_crash_are_replaced_after_the_restart() -> None:
    with private_cluster() as cluster:
        engine = open_database(cluster.url(schema="read"), create=True)
        keyring = SqlKeyring(cluster.url(schema="keys"))
        try:
            with engine.connect() as one, engine.connect() as two:
                before = {one.execute(PID).scalar_one(), two.execute(PID).scalar_one()}
            key = keyring.key_for("resident:1")

            cluster.crash()
            with (
                pytest.raises(sa.exc.OperationalError, match=str(cluster.port)),
                engine.connect() as conn,
            ):
                conn.execute(PID)
            with pytest.raises(KeyringUnavailable, match=str(cluster.port)):
                keyring.key_for("resident:1")
            cluster.start()

            with engine.connect() as conn:
                assert conn.execute(PID).scalar_one() not in before
            assert keyring.key_for("resident:1") == key
        finally:
            engine.dispose()
            keyring.close()


def test_a_connection_kept_across_the_restart_is_replaced_on_its_next_checkout() -> None:
    with private_cluster() as cluster:
        engine = open_database(cluster.url(schema="read"), create=True)
        try:
            with engine.connect() as conn:
                before = conn.execute(PID).scalar_one()
            cluster.crash()
            cluster.start()
            # The pooled connection was not checked out while the server was down: only its
            # socket knows, and the checkout must notice.
            with engine.connect() as conn:
                assert conn.execute(PID).scalar_one() != before
        finally:
            engine.dispose()
