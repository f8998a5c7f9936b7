"""A read model kept live across a PostgreSQL crash still equals a fresh rebuild of it, as
`quartier replay --into` then `quartier diff` see them.

Listings' rows carry a number of the database's own (`seq`, a sequence). PostgreSQL logs a
sequence 32 numbers ahead and, after a crash, starts again past them: the live rows written after
the crash are numbered apart from a rebuild's, though both hold the same listings in the same
order. Runs against a private cluster (tests/support/pg_cluster.py), never the shared server.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from contracts import Metadata
from contracts.listings.events import ListingPublished
from listings.projections.listings import NAME, VERSION
from services.eventstore import ANY, EventStoreUnavailable, connect
from services.ops.cli import main
from services.ops.opening import Opened, opened, read_model
from services.runtime.config import load, read_model_url
from services.subscriptions import SubscriptionRunner, connect_database
from tests.support import eventually
from tests.support.pg_cluster import private_cluster

pytestmark = pytest.mark.postgres


def publish(ops: Opened, author: uuid.UUID, neighbourhood: uuid.UUID, turn: int) -> None:
    listing = uuid.uuid4()
    at = datetime.now(UTC)
    event = ListingPublished(
        listing, author, [neighbourhood], "offer", "giveaway", f"Objet {turn}", "À donner.",
        {}, [], at + timedelta(days=30), at,
    )  # fmt: skip
    metadata = Metadata.start(f"resident:{author}", uuid.uuid4())
    ops.store.append(f"listings.listing-{listing}", [ops.codec.encode(event, metadata)], ANY)


def test_listings_kept_live_across_a_crash_equal_a_fresh_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with private_cluster() as cluster:
        monkeypatch.delenv("QUARTIER_KEYRING", raising=False)
        monkeypatch.setenv("QUARTIER_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("QUARTIER_EVENT_STORE", cluster.url(schema="events"))
        monkeypatch.setenv("QUARTIER_READ_MODELS", cluster.url(schema="read"))
        author, neighbourhood = uuid.uuid4(), uuid.uuid4()
        engine = connect_database(read_model_url(load(), "listings"))
        connect(cluster.url(schema="events")).close()  # the log, as the services make it
        with opened() as ops:
            live = SubscriptionRunner(ops.store, engine, read_model(ops, "listings", NAME))
            for turn in range(3):
                publish(ops, author, neighbourhood, turn)
            assert caught_up(ops, live)
        cluster.crash()
        cluster.start()
        with opened() as ops:
            publish(ops, author, neighbourhood, 3)
            # The runner's pooled connections and its lease died with the server.
            eventually(lambda: caught_up(ops, live), timeout=30, what="caught up again")
            live.release()
        engine.dispose()

        with engine.connect() as conn:
            table = f"listings_listings_v{VERSION}"
            assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 4
        build = ["replay", "listings", NAME, "--actor", "test", "--into", "fresh"]
        assert main(build) == 0
        assert main(["diff", f"listings/{NAME}", f"listings/{NAME}@fresh"]) == 0


def caught_up(ops: Opened, runner: SubscriptionRunner) -> bool:
    """Every listing applied; False while the server, just back, refuses a stale connection."""
    try:
        head = ops.store.head()
        while runner.run_once():
            pass
        return head is not None and runner.wait_for(head, timeout=0)
    except (sa.exc.DBAPIError, EventStoreUnavailable):
        return False
