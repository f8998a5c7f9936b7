"""The inbox read model and router on SQLite and PostgreSQL: who is told, in the inbox and by
e-mail, once; what an erasure leaves."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from contracts.identity.events import ResidentErased
from notifications.domain.delivery import Preferences, next_digest
from notifications.projections import queries
from services.subscriptions.database import outbox
from tests.contract.notifications.kit import world


def test_a_response_reaches_the_authors_inbox_and_mailbox_once(
    database: Callable[[], sa.Engine],
) -> None:
    w = world(database())
    author, neighbour = w.resident("Camille"), w.resident("Léa")
    w.prefer(author)
    nid = w.neighbourhood(author, neighbour)
    lid = w.publish(author, nid, "Perceuse")
    w.respond(neighbour, lid)
    (told,) = [n for n in w.inbox(author) if n.type == "response_received"]
    assert '"title": "Perceuse"' in told.params and '"name": "L\\u00e9a"' in told.params
    assert [n.type for n in w.inbox(neighbour)] == ["neighbourhood_joined", "new_listing"]
    sent = [
        m for m in w.deliver() if "Perceuse" in str(m["Subject"]) and "Léa" in str(m["Subject"])
    ]
    assert len(sent) == 1
    assert sent[0]["To"].startswith("camille-")
    assert sent[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    w.runner.run_once()
    w.deliver()
    assert len([m for m in w.mailer.sent if m["Message-ID"] == sent[0]["Message-ID"]]) == 1


def test_an_alert_reaches_every_member_at_once_but_not_its_author(
    database: Callable[[], sa.Engine],
) -> None:
    w = world(database())
    author, a, b = w.resident("Camille"), w.resident("Léa"), w.resident("Sam")
    w.prefer(b, email_frequency="never")  # an alert is sent whatever the frequency
    nid = w.neighbourhood(author, a, b)
    w.publish(author, nid, "Chat perdu", category="alert")
    for member in (a, b):
        assert "alert" in [n.type for n in w.inbox(member)]
    assert "alert" not in [n.type for n in w.inbox(author)]
    alerts = [m for m in w.deliver() if "Chat perdu" in str(m["Subject"])]
    assert sorted(m["To"].split("-")[0] for m in alerts) == ["léa", "sam"]


def test_new_listings_wait_for_the_digest(database: Callable[[], sa.Engine]) -> None:
    w = world(database())
    author, a = w.resident("Camille"), w.resident("Léa")
    nid = w.neighbourhood(author, a)
    w.publish(author, nid, "Perceuse")
    w.publish(author, nid, "Échelle")
    assert not [m for m in w.deliver() if "Perceuse" in str(m.get_body(("plain",)))]
    later = next_digest(datetime.now(UTC), Preferences()) + timedelta(minutes=1)
    # Sign-up also mailed each address its confirmation link: the digest is the other one.
    to_lea = [m for m in w.deliver(later) if m["To"].startswith("léa-")]
    (digest,) = [m for m in to_lea if "résumé" in m["Subject"]]
    text = digest.get_body(("plain",)).get_content()
    assert "Perceuse" in text and "Échelle" in text and "Croix-Rousse" in text


def test_an_unconfirmed_address_gets_no_mail_but_the_inbox_fills(
    database: Callable[[], sa.Engine],
) -> None:
    w = world(database())
    author, a = w.resident("Camille"), w.resident("Léa", confirmed=False)
    nid = w.neighbourhood(author, a)
    w.publish(author, nid, "Chat perdu", category="alert")
    assert "alert" in [n.type for n in w.inbox(a)]
    to_lea = [str(m["Subject"]) for m in w.deliver() if m["To"].startswith("léa-")]
    assert to_lea == ["Confirmez votre adresse e-mail pour Quartier"]


def test_an_erased_resident_gets_nothing_more_and_their_pending_mail_is_dropped(
    database: Callable[[], sa.Engine],
) -> None:
    w = world(database())
    author, a = w.resident("Camille"), w.resident("Léa")
    nid = w.neighbourhood(author, a)
    w.publish(author, nid, "Perceuse")  # waits in Léa's digest
    w.record(f"identity.resident-{uuid.uuid4()}", ResidentErased(a, datetime.now(UTC)))
    w.tables()
    w.record(f"identity.resident-{a}", ResidentErased(a, datetime.now(UTC)))
    w.publish(author, nid, "Chat perdu", category="alert")
    assert w.inbox(a) == []
    later = next_digest(datetime.now(UTC), Preferences()) + timedelta(minutes=1)
    assert not [m for m in w.deliver(later) if m["To"].startswith("léa-")]
    with w.engine.connect() as conn:
        pending = (
            conn.execute(sa.select(outbox.c.idempotency_key).where(outbox.c.status == "pending"))
            .scalars()
            .all()
        )
    assert not [k for k in pending if str(a) in k]


def test_mail_that_keeps_failing_is_dead_lettered_with_its_reason_and_can_be_retried(
    database: Callable[[], sa.Engine],
) -> None:
    from services.subscriptions import outbox as box
    from services.subscriptions.outbox import Dispatcher

    w = world(database())
    author, a = w.resident("Camille"), w.resident("Léa")
    nid = w.neighbourhood(author, a)
    w.publish(author, nid, "Chat perdu", category="alert")
    w.tables()
    w.mailer.refusing = True
    sender = w.sender()
    dispatcher = Dispatcher(
        w.engine, {"mail": sender}, max_attempts=2, base_delay=timedelta(0), name="dead"
    )
    dispatcher.dispatch_once()
    dispatcher.dispatch_once()
    # Sign-up queued each address its confirmation link too: the alert is Léa's other letter.
    dead = max(
        (d for d in box.dead_letters(w.engine) if str(a) in d["idempotency_key"]),
        key=lambda d: int(d["id"]),
    )
    assert dead["last_error"] == "MailerUnavailable: the memory mailer is refusing"
    assert str(a) in dead["idempotency_key"] and "léa" not in str(dead).lower()
    w.mailer.refusing = False
    assert box.retry(w.engine, dead["id"])
    dispatcher.dispatch_once()
    (alert,) = [m for m in w.mailer.sent if "Chat perdu" in str(m["Subject"])]
    assert alert["To"].startswith("léa-")


def test_a_rebuild_sends_no_digest_or_mail_again(database: Callable[[], sa.Engine]) -> None:
    w = world(database())
    author, a = w.resident("Camille"), w.resident("Léa")
    nid = w.neighbourhood(author, a)
    w.publish(author, nid, "Perceuse")
    w.publish(author, nid, "Chat perdu", category="alert")
    later = next_digest(datetime.now(UTC), Preferences()) + timedelta(minutes=1)
    before = len(w.deliver(later))
    assert before >= 3  # Léa's alert and digest, Camille's digest
    # A new version of the read model: built from the start of the log beside the old one.
    rebuilt = dataclasses.replace(w.runner.subscriber, version=2)
    w.runner.release()  # its lease
    w.runner = type(w.runner)(w.people.store, w.engine, rebuilt)
    w.tables()
    with w.engine.connect() as conn:
        inbox = conn.execute(sa.text("SELECT count(*) FROM notifications_inbox_v2")).scalar()
        waiting = conn.execute(sa.text("SELECT count(*) FROM notifications_digest_v2")).scalar()
    assert inbox, "the new version of the read model is built"
    assert waiting == 0, "what past digests sent waits for no new one"
    assert len(w.deliver(later)) == before


def test_cursors_handed_out_before_a_rebuild_still_page_and_resume_after_it(
    database: Callable[[], sa.Engine],
) -> None:
    w = world(database())
    author, neighbour = w.resident("Camille"), w.resident("Léa")
    nid = w.neighbourhood(author, neighbour)
    for title in ("Perceuse", "Échelle", "Tondeuse", "Scie"):
        w.publish(author, nid, title)
    live = w.tables()
    with w.engine.begin() as conn:
        first = queries.page(conn, live, neighbour, False, None, 2)
        resume = queries.latest(conn, live, neighbour)
        # The live table's numbers have gaps (batches rolled back and retried); a rebuild
        # numbers the same notifications 1, 2, 3...
        conn.execute(live.inbox.update().values(seq=live.inbox.c.seq * 10 + 1_000_000))
    w.publish(author, nid, "Brouette")
    rebuilt = dataclasses.replace(w.runner.subscriber, version=2)
    w.runner.release()
    w.runner = type(w.runner)(w.people.store, w.engine, rebuilt)
    t = w.tables()
    assert t.inbox.name.endswith("_v2")
    with w.engine.connect() as conn:
        everything = queries.page(conn, t, neighbour, False, None, 100)["items"]
        second = queries.page(conn, t, neighbour, False, first["next_cursor"], 100)
        after = queries.since(conn, t, neighbour, resume, 100)
    ids = [n["notification_id"] for n in everything]
    shown_first = [n["notification_id"] for n in first["items"]]
    assert ids[:2] != shown_first, "the newest came after the first page"
    assert ids[1:3] == shown_first
    assert [n["notification_id"] for n in second["items"]] == ids[3:]
    assert [n["notification_id"] for n in after] == ids[:1], "only the one after it"
    assert after[0]["params"]["title"] == "Brouette"
