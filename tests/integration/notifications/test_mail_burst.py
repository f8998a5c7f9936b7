"""A burst of 1,000 events through RabbitMQ, the notifications service and a real aiosmtpd
server: exactly the expected e-mails arrive, none twice, though the mail server refuses for a
while and the service is killed (kill -9, a real process) in the middle and started again.

Identity, the relay and notifications run as `make run` runs them, on a fresh vhost, with the
event store and read models on PostgreSQL. Ten residents choose e-mails right away; each of
1,000 MemberJoined events (a hundred neighbourhoods each) is one e-mail.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import sqlalchemy as sa
from nameko.standalone.rpc import ClusterRpcProxy

from contracts import Metadata
from notifications.adapters.mail_server import RECEIVED, file_name, serve
from notifications.mailing.sending import message_id
from notifications.projections.inbox import mail_key, notification_id
from services.eventstore import ANY, NO_STREAM, NewEvent, connect
from tests.conftest import PG_BASE
from tests.integration.neighbourhoods.procs import register
from tests.support import eventually, free_port
from tests.support.platform_procs import served

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]
RESIDENTS = 10
PER_RESIDENT = 100
RIGHT_AWAY = {
    "email_frequency": "immediate",
    "digest_hour": 18,
    "quiet_hours": None,
    "time_zone": "UTC",
}


def cid() -> str:
    return str(uuid.uuid4())


def kept(folder: Path) -> dict[str, str]:
    """Message-ID -> recipient of every message the server kept, but the confirmation links
    sign-up mailed each resident (they are not part of the burst)."""
    found = {}
    for path in folder.glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(("plain",))
        if body is not None and "/email-confirmation?token=" in body.get_content():
            continue
        found[str(message["Message-ID"])] = str(message["To"])
    return found


def arrivals(folder: Path) -> list[str]:
    log = folder / RECEIVED
    return log.read_text().split() if log.exists() else []


def outbox_counts(read_prefix: str) -> dict[str, int]:
    engine = sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT status, count(*), max(attempts) "
                    f'FROM "{read_prefix}_notifications".outbox GROUP BY status'
                )
            ).all()
    except sa.exc.ProgrammingError:  # the service has not created its tables yet
        return {}
    finally:
        engine.dispose()
    counts = {status: int(n) for status, n, _ in rows}
    counts["max_attempts"] = max((int(a) for _, _, a in rows), default=0)
    return counts


def test_a_burst_of_a_thousand_events_mails_each_once_through_refusals_and_a_kill(
    amqp_uri: str, services_env: dict[str, str], tmp_path: Path, databases: tuple[str, str]
) -> None:
    store_url, read = databases
    prefix = read.rsplit("schema=", 1)[1]
    folder, refusing = tmp_path / "mail", tmp_path / "refusing"
    port = free_port()
    server = serve(folder, "127.0.0.1", port, refuse_while=refusing)
    env = {
        **services_env,
        "QUARTIER_SMTP_HOST": "127.0.0.1",
        "QUARTIER_SMTP_PORT": str(port),
        "QUARTIER_MAIL_DISPATCH_SECONDS": "0.2",
        "QUARTIER_MAIL_RETRY_SECONDS": "0.5",
        "QUARTIER_MAIL_ATTEMPTS": "12",
    }
    store = connect(store_url)
    try:
        with (
            served(["services.relay.service"], env, tmp_path / "relay.log"),
            served(["identity.service"], env, tmp_path / "identity.log"),
            served(["notifications.service"], env, tmp_path / "notifications.log") as notifications,
            ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30) as proxy,
        ):
            residents = [register(proxy.identity, f"Voisin{i}") for i in range(RESIDENTS)]
            for rid in residents:
                data = {
                    "resident_id": rid,
                    "request_id": str(uuid.uuid4()),
                    "confirmed_at": datetime.now(UTC).isoformat(),
                }
                confirmed = NewEvent("identity.EmailConfirmed", data, _meta())
                store.append(
                    f"identity.confirmation-{uuid.uuid4()}", [confirmed], expected_version=NO_STREAM
                )
                proxy.notifications.change_preferences(cid(), rid, {}, **RIGHT_AWAY)

            refusing.touch()
            expected: dict[str, str] = {}
            for rid in residents:
                batch = []
                for _ in range(PER_RESIDENT):
                    joined = NewEvent("neighbourhoods.MemberJoined", _joined(rid), _meta())
                    batch.append(joined)
                    key = mail_key(
                        rid, notification_id(joined.event_id, "neighbourhood_joined", rid)
                    )
                    expected[message_id(key, "127.0.0.1")] = rid
                store.append(f"neighbourhoods.burst-{uuid.uuid4()}", batch, expected_version=ANY)

            # The server refuses: mails are retried, none is kept.
            eventually(
                lambda: outbox_counts(prefix).get("max_attempts", 0) >= 2,
                what="refused mail retried",
                timeout=60,
            )
            assert kept(folder) == {}
            refusing.unlink()

            eventually(
                lambda: len(arrivals(folder)) >= 300, what="a third of the mail sent", timeout=120
            )
            notifications.kill()  # SIGKILL, mid-burst
            notifications.mark()
            notifications.start()

            # The arrival log, not the messages: parsing a thousand of them on every poll took
            # the CPU the mail server (in this process) needed to take them in.
            names = {file_name(mid, b"") for mid in expected}
            eventually(lambda: names <= set(arrivals(folder)), what="every mail kept", timeout=240)
            eventually(
                # and each resident's confirmation link from sign-up
                lambda: outbox_counts(prefix).get("sent") == len(expected) + RESIDENTS,
                what="the outbox done",
                timeout=60,
            )
            sent = outbox_counts(prefix)
    finally:
        server.stop()
        store.close()
    got = kept(folder)
    assert set(got) == set(expected)
    assert len(set(got.values())) == RESIDENTS
    received = arrivals(folder)
    # A resend after the kill can only be the one mail in flight, and it is the same message.
    assert len(received) - len(set(received)) <= 1, len(received) - len(set(received))
    assert sent.get("dead", 0) == 0 and sent.get("pending", 0) == 0
    log = (tmp_path / "notifications.log").read_text()
    assert "@example.org" not in log


def _joined(rid: str) -> dict[str, str]:
    return {
        "neighbourhood_id": str(uuid.uuid4()),
        "resident_id": rid,
        "join_id": str(uuid.uuid4()),
        "joined_at": datetime.now(UTC).isoformat(),
    }


def _meta() -> dict[str, object]:
    return Metadata.start("system:tests", uuid.uuid4()).to_dict()
