"""Identity's read model, fed by events that IdentityHandlers record on a memory store, on an
SQLite and a PostgreSQL read-model database alike."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from identity.adapters.letters import MemoryLetterBox
from identity.domain.state import PostalAddress
from identity.domain.verification import LETTER_VALIDITY
from identity.handlers import IdentityHandlers
from identity.projections import queries
from identity.projections import residents as projections
from services.eventstore import EventStore
from services.eventstore.codec import Codec
from services.subscriptions import SubscriptionRunner
from tests.contract.identity.world import memory_identity

PAIX = PostalAddress("12 rue de la Paix", "71999", "Bourg-Démo", "FR")
EGLISE = PostalAddress("3 Rue de l'Église", "71999", "Bourg-Démo", "FR")
NOWHERE = PostalAddress("1 impasse Inconnue", "71999", "Bourg-Démo", "FR")
PASSWORD = "correct horse battery"
PDF = b"%PDF-1.7\n" + b"x" * 200
PSEUDONYM_KEY = b"k" * 32
LOOKUP = projections.email_lookup_key(PSEUDONYM_KEY)
NOW = datetime(2030, 1, 1, tzinfo=UTC)


@dataclass
class World:
    store: EventStore
    codec: Codec
    handlers: IdentityHandlers
    letters: MemoryLetterBox
    runner: SubscriptionRunner
    engine: sa.Engine

    def caught_up(self) -> SimpleNamespace:
        while self.runner.run_once():
            pass
        tables: SimpleNamespace = self.runner.tables()
        return tables

    def register(self, name: str) -> tuple[uuid.UUID, str]:
        email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@Example.org"
        return self.handlers.register(uuid.uuid4(), email, PASSWORD, name).resident_id, email

    def rebuilt(self, engine: sa.Engine) -> SubscriptionRunner:
        # On PostgreSQL the lease is an advisory lock of the whole server: one holder at a time.
        self.runner.release()
        runner = SubscriptionRunner(self.store, engine, projections.read_model(self.codec, LOOKUP))
        while runner.run_once():
            pass
        return runner


def world(engine: sa.Engine) -> World:
    identity = memory_identity(PSEUDONYM_KEY)
    store, codec = identity.store, identity.codec
    runner = SubscriptionRunner(store, engine, projections.read_model(codec, LOOKUP))
    return World(store, codec, identity.handlers, identity.letters, runner, engine)


def read(w: World, query: Callable[..., Any], *args: Any) -> Any:
    tables = w.caught_up()
    with w.engine.connect() as conn:
        return query(conn, tables, *args)


def verified_by_letter(w: World, rid: uuid.UUID, where: PostalAddress = PAIX) -> None:
    w.handlers.declare_address(uuid.uuid4(), rid, where)
    w.handlers.request_letter(uuid.uuid4(), rid)
    code = next(x.code for x in w.letters.letters if x.resident_id == str(rid))
    w.handlers.enter_letter_code(uuid.uuid4(), rid, code)


def everything(engine: sa.Engine, tables: SimpleNamespace) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            name: sorted(tuple(r) for r in conn.execute(sa.select(table)))
            for name, table in vars(tables).items()
        }


def test_a_registered_resident_is_found_by_id_and_by_email_in_any_case(database: Any) -> None:
    w = world(database())
    rid, email = w.register("Ada")
    w.handlers.change_profile(uuid.uuid4(), rid, "Ada L.", "+33 6 12 34 56 78", "full")
    shown = read(w, queries.resident, rid)
    assert shown["display_name"] == "Ada L." and shown["phone"] == "+33 6 12 34 56 78"
    assert shown["address_disclosure"] == "full" and shown["erased"] is False
    hashed = projections.email_hash(LOOKUP, f"  {email.upper()} ")
    assert read(w, queries.resident_by_email, hashed) == str(rid)
    with w.engine.connect() as conn:
        stored = str([tuple(r) for r in conn.execute(sa.select(w.runner.tables().emails))])
    assert email.casefold() not in stored.casefold(), "no e-mail is stored in clear"


def test_the_language_chosen_at_registration_and_changed_later_is_shown(database: Any) -> None:
    w = world(database())
    rid = w.handlers.register(
        uuid.uuid4(), f"ada-{uuid.uuid4().hex[:8]}@example.org", PASSWORD, "Ada", "en"
    ).resident_id
    other, _ = w.register("Bob")
    assert read(w, queries.resident, rid)["language"] == "en"
    assert read(w, queries.resident, other)["language"] == "fr"
    w.handlers.change_profile(uuid.uuid4(), rid, "Ada L.", None, "full")
    assert read(w, queries.resident, rid)["language"] == "en", "no language given: kept"
    w.handlers.change_profile(uuid.uuid4(), rid, "Ada L.", None, "full", "fr")
    assert read(w, queries.resident, rid)["language"] == "fr"


def test_version_1_tables_still_serving_while_version_2_builds_show_french(
    database: Any,
) -> None:
    engine = database()
    metadata = sa.MetaData()
    old = projections.define(metadata, "_v1")
    assert "language" not in old.residents.c
    assert "language" in projections.define(sa.MetaData(), "_v2").residents.c
    metadata.create_all(engine)
    rid = uuid.uuid4()
    with engine.begin() as tx:
        tx.execute(
            old.residents.insert().values(
                resident_id=str(rid),
                display_name="Ada",
                address_disclosure="street",
                registered_at=NOW,
                erased=False,
            )
        )
    with engine.connect() as conn:
        shown = queries.resident(conn, old, rid)
    assert shown is not None and shown["language"] == "fr"


def test_verification_status_follows_the_letter_and_keeps_the_verified_home(
    database: Any,
) -> None:
    w = world(database())
    rid, _ = w.register("Ada")
    assert read(w, queries.verification, rid, NOW)["status"] == "unverified"
    w.handlers.declare_address(uuid.uuid4(), rid, PAIX)
    w.handlers.request_letter(uuid.uuid4(), rid)
    pending = read(w, queries.verification, rid, datetime.now(UTC))
    assert pending["status"] == "pending_letter" and pending["letter_attempts_left"] == 5
    assert read(w, queries.verification, rid, NOW)["status"] == "unverified", "letter expired"
    assert read(w, queries.verified_home, rid) is None
    assert pending["home"] is None, "a home is shown to its resident once verified only"
    code = w.letters.letters[0].code
    w.handlers.enter_letter_code(uuid.uuid4(), rid, code)
    status = read(w, queries.verification, rid, NOW)
    assert (status["status"], status["method"], status["located"]) == ("verified", "letter", True)
    lat, lon = read(w, queries.verified_home, rid)
    assert abs(lat - 46.66) < 0.01 and abs(lon - 4.86) < 0.01
    assert status["home"] == {"lat": lat, "lon": lon}


def test_a_submitted_proof_waits_in_the_review_queue_until_an_operator_decides(
    database: Any,
) -> None:
    w = world(database())
    rid, _ = w.register("Bob")
    operator, _ = w.register("Olga")
    w.handlers.grant_role(uuid.uuid4(), operator, "operator", None, "system:ops")
    w.handlers.declare_address(uuid.uuid4(), rid, NOWHERE, manual_review=True)
    w.handlers.submit_proof_document(uuid.uuid4(), rid, PDF)
    assert read(w, queries.verification, rid, NOW)["status"] == "pending_document"
    [waiting] = read(w, queries.review_queue)
    assert waiting["resident_id"] == str(rid) and waiting["content_type"] == "application/pdf"
    assert set(waiting) == {
        "document_id",
        "resident_id",
        "address_id",
        "content_type",
        "size_bytes",
        "submitted_at",
    }
    assert read(w, queries.resident, operator)["roles"] == [
        {"role": "operator", "neighbourhood_id": None}
    ]
    document_id = uuid.UUID(waiting["document_id"])
    w.handlers.approve_proof_document(uuid.uuid4(), rid, document_id, operator, "utility bill")
    assert read(w, queries.review_queue) == []
    status = read(w, queries.verification, rid, NOW)
    assert (status["status"], status["method"], status["located"]) == (
        "verified",
        "document",
        False,
    )


def test_an_erased_resident_shows_as_an_erased_member_no_longer_found_by_email(
    database: Any,
) -> None:
    w = world(database())
    rid, email = w.register("Ada")
    w.handlers.change_profile(uuid.uuid4(), rid, "Ada", "0612345678", "street")
    verified_by_letter(w, rid)
    w.caught_up()
    w.handlers.erase(uuid.uuid4(), rid, "system:ops")
    shown = read(w, queries.resident, rid)
    assert shown["erased"] is True
    assert (shown["display_name"], shown["phone"], shown["roles"]) == (None, None, [])
    assert read(w, queries.resident_by_email, projections.email_hash(LOOKUP, email)) is None
    assert read(w, queries.verified_home, rid) is None
    assert read(w, queries.verification, rid, NOW)["status"] == "unverified"
    again = w.handlers.register(uuid.uuid4(), email, PASSWORD, "New Ada")
    hashed = projections.email_hash(LOOKUP, email)
    assert read(w, queries.resident_by_email, hashed) == str(again.resident_id)


def test_a_rebuild_from_the_log_gives_the_same_rows_as_the_live_read_model(
    database: Any,
) -> None:
    w = world(database())
    ada, _ = w.register("Ada")
    bob, _ = w.register("Bob")
    olga, _ = w.register("Olga")
    w.handlers.grant_role(uuid.uuid4(), olga, "operator", None, "system:ops")
    for rid in (ada, olga):
        verified_by_letter(w, rid)
        w.caught_up()  # live: each event applied while its personal data is still readable
    w.handlers.change_profile(uuid.uuid4(), ada, "Ada", "0612345678", "full")
    w.handlers.change_profile(uuid.uuid4(), bob, "Bob", None, "street", "en")
    w.handlers.declare_address(uuid.uuid4(), bob, EGLISE)
    w.handlers.submit_proof_document(uuid.uuid4(), bob, PDF)
    w.caught_up()
    w.handlers.erase(uuid.uuid4(), ada, "system:ops")
    live = everything(w.engine, w.caught_up())
    rebuilt_engine = database()
    rebuilt = w.rebuilt(rebuilt_engine)
    assert everything(rebuilt_engine, rebuilt.tables()) == live
    assert len(live["residents"]) == 3 and len(live["review_queue"]) == 1


def test_only_the_pending_letters_whose_code_can_still_be_entered_are_usable(
    database: Any,
) -> None:
    w = world(database())
    (ada, _), (bob, _), (cy, _) = (w.register(n) for n in ("Ada", "Bob", "Cy"))
    verified_by_letter(w, ada)
    for resident in (bob, cy):
        w.handlers.declare_address(uuid.uuid4(), resident, PAIX)
        w.handlers.request_letter(uuid.uuid4(), resident)
    w.handlers.request_letter(uuid.uuid4(), cy)  # replaces Cy's first letter
    letters = {x.resident_id: x.letter_id for x in w.letters.letters}  # the latest of each
    now = datetime.now(UTC)
    assert read(w, queries.usable_letters, now) == {letters[str(bob)], letters[str(cy)]}
    assert read(w, queries.usable_letters, now + LETTER_VALIDITY) == set()
