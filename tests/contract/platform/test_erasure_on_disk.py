"""After an erasure, identity's and neighbourhoods' read models leave nothing of the resident
readable on disk: not in SQLite's files (database, write-ahead log, journal), not in PostgreSQL's
pages (dead row versions included). The values replaced by a profile change go as well."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from contracts.neighbourhoods.events import (
    MemberJoined,
    MemberRemoved,
    NeighbourhoodCreated,
    RejoinRequested,
)
from identity.projections import residents as identity_projections
from neighbourhoods.projections import neighbourhoods as projections
from neighbourhoods.projections import residents as projections_residents
from services.eventstore import connect
from services.eventstore.keyring import connect_keyring
from services.subscriptions import SubscriptionRunner
from services.subscriptions.database import connect_database
from tests.contract.neighbourhoods.kit import CENTRE, PSEUDONYM_KEY, now, residents_world
from tests.contract.platform.on_disk import files_holding, fresh_pg_database, pg_holding
from tests.contract.read_models import open_databases
from tests.support import eventually, square

PASSWORD = "long enough secret"


def canaries() -> dict[str, str]:
    """Values no other test writes: a non-ASCII name, so that its normal forms differ."""
    tag = uuid.uuid4().hex[:10]
    return {
        "first display name": f"Zéphyrine {tag}a",
        "display name": f"Anaïs {tag}b",
        "phone": f"+33 6 {int(tag[:8], 16) % 10**8:08d}",
        "removal reason": f"Annonces répétées {tag}c",
        "rejoin message": f"Pardon, je ne recommencerai pas {tag}d",
    }


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], sa.Engine]]:
    """Opens fresh read-model databases: SQLite files, or schemas of a PostgreSQL database of
    the test's own (see fresh_pg_database)."""
    if request.param == "sqlite":
        yield from open_databases("sqlite", tmp_path)
        return
    opened: list[sa.Engine] = []

    def open_one() -> sa.Engine:
        engine = connect_database(f"{base}?schema=s{len(opened)}")
        opened.append(engine)
        return engine

    with fresh_pg_database() as base:
        yield open_one
        for engine in opened:
            engine.dispose()


def leaks(engine: sa.Engine, tmp_path: Path, values: dict[str, str]) -> list[str]:
    if engine.dialect.name == "sqlite":
        return files_holding(tmp_path, values)
    with engine.connect() as conn:
        schema = str(conn.execute(sa.text("SELECT current_schema()")).scalar_one())
    return pg_holding(engine, schema, values)


def test_an_erased_resident_leaves_nothing_readable_in_the_read_models(
    database: Callable[[], sa.Engine], tmp_path: Path
) -> None:
    people = residents_world()
    identity_db, neighbourhoods_db = database(), database()
    lookup = identity_projections.email_lookup_key(PSEUDONYM_KEY)
    runners = [
        SubscriptionRunner(
            people.store, identity_db, identity_projections.read_model(people.codec, lookup)
        ),
        SubscriptionRunner(people.store, neighbourhoods_db, projections.read_model(people.codec)),
        SubscriptionRunner(
            people.store, neighbourhoods_db, projections_residents.residents(people.codec)
        ),
    ]
    values = canaries()
    ada = people.register("Ada")
    bob = people.identity.register(
        uuid.uuid4(),
        f"r-{uuid.uuid4().hex[:8]}@example.org",
        PASSWORD,
        values["first display name"],
    ).resident_id
    people.identity.change_profile(uuid.uuid4(), bob, values["display name"], values["phone"])
    nid = uuid.uuid4()
    stream = f"neighbourhoods.neighbourhood-{nid}"
    join = uuid.uuid4()
    people.record(
        stream,
        NeighbourhoodCreated(nid, ada, "La Paix", "Voisins", square(*CENTRE, 800), 2.56, now()),
        MemberJoined(nid, ada, uuid.uuid4(), now()),
        MemberJoined(nid, bob, join, now()),
        MemberRemoved(nid, bob, join, values["removal reason"], now()),
        actor=f"resident:{ada}",
    )
    people.record(stream, RejoinRequested(nid, bob, values["rejoin message"], now()))

    def caught_up() -> None:
        for runner in runners:
            # On PostgreSQL the rewrite waits until no older transaction of the server is open.
            eventually(
                partial(settled, runner), timeout=30, interval=0.02, what=f"{runner.name} scrubbed"
            )

    caught_up()
    before = leaks(identity_db, tmp_path, values) + leaks(neighbourhoods_db, tmp_path, values)
    shown = {finding.split(" in ")[0] for finding in before}
    assert shown >= set(values) - {"first display name"}, "the scan sees the values it looks for"

    people.identity.erase(uuid.uuid4(), bob, "system:ops")
    caught_up()
    after = leaks(identity_db, tmp_path, values) + leaks(neighbourhoods_db, tmp_path, values)
    assert after == [], after
    for runner in runners:
        runner.release()


def phone_in_sqlite(tmp_path: Path) -> tuple[Any, Any, SubscriptionRunner, uuid.UUID, str]:
    """A resident whose phone the SQLite read model under `tmp_path` holds: the databases'
    generator (to be finished with next()), the world, its runner, the resident and the phone."""
    opened = open_databases("sqlite", tmp_path)
    engine = next(opened)()
    people = residents_world()
    lookup = identity_projections.email_lookup_key(PSEUDONYM_KEY)
    runner = SubscriptionRunner(
        people.store, engine, identity_projections.read_model(people.codec, lookup)
    )
    phone = canaries()["phone"]
    rid = people.register("Ada")
    people.identity.change_profile(uuid.uuid4(), rid, "Ada", phone)
    while runner.run_once():
        pass
    return opened, people, runner, rid, phone


def test_a_changed_phone_leaves_no_copy_in_the_sqlite_files(tmp_path: Path) -> None:
    opened, people, runner, rid, phone = phone_in_sqlite(tmp_path)
    assert files_holding(tmp_path, {"phone": phone}), "the scan sees the phone"
    people.identity.change_profile(uuid.uuid4(), rid, "Ada", "+33 1 00 00 00 00")
    while runner.run_once():
        pass
    assert files_holding(tmp_path, {"phone": phone}) == []
    runner.release()
    next(opened, None)


def test_a_scrub_that_a_reader_holds_up_is_done_after_the_next_batch(tmp_path: Path) -> None:
    opened, people, runner, rid, phone = phone_in_sqlite(tmp_path)
    reader = sqlite3.connect(tmp_path / "read-0.db", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM identity_residents_v3").fetchone()  # holds the log

    people.identity.change_profile(uuid.uuid4(), rid, "Ada", "+33 1 00 00 00 00")
    assert runner.run_once() == 1
    assert not runner.scrubbed
    reader.rollback()
    reader.close()
    assert runner.run_once() == 0
    assert runner.scrubbed
    assert files_holding(tmp_path, {"phone": phone}) == []
    runner.release()
    next(opened, None)


def test_every_sqlite_connection_zeroes_what_it_deletes(tmp_path: Path) -> None:
    # Debian's SQLite is built with secure_delete on, other builds are not: each connection of
    # the read models, the event store and the keyring asks for it.
    engine = connect_database(f"sqlite:///{tmp_path}/read.db")
    store = connect(f"sqlite:///{tmp_path}/events.db")
    keyring = connect_keyring(f"sqlite:///{tmp_path}/keyring.db")
    with engine.connect() as conn, keyring._engine.connect() as keys:  # type: ignore[attr-defined]
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert keys.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    assert store._conn().execute("PRAGMA secure_delete").fetchone() == (1,)  # type: ignore[attr-defined]
    engine.dispose()
    store.close()
    keyring.close()


def settled(runner: SubscriptionRunner) -> bool:
    """Nothing left to apply, and the rewrite of what was erased done."""
    return not runner.run_once() and runner.scrubbed
