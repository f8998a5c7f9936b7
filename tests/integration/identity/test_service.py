"""The identity service through Nameko RPC, run as `make run` runs it, with the relay beside it:
real RabbitMQ (a vhost of the test's own), event store and read models on PostgreSQL."""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from nameko.standalone.rpc import ClusterRpcProxy

from contracts import ERASED, default_registry
from identity.domain.email_claim import email_claim_stream
from identity.domain.state import resident_stream
from services.eventstore import connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import connect_keyring
from services.runtime.doors import ServiceError
from services.runtime.keys import pseudonym_key
from tests.conftest import PG_BASE
from tests.integration.calls import PASSWORD, cid
from tests.support.platform_procs import contexts_running

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]


@pytest.fixture(scope="module")
def rpc(
    module_amqp_uri: str, module_services_env: dict[str, str], module_logs: Path
) -> Iterator[Any]:
    """Identity as `make run` runs it, shared by the module's tests (module_* fixtures)."""
    running = contexts_running(module_amqp_uri, module_services_env, module_logs, "identity")
    with running as (_, cluster):
        yield cluster.identity


def refused(call: Any, *args: Any) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call(*args)
    return caught.value


def test_register_verify_by_letter_then_erase_through_rpc(
    rpc: Any, module_data_dir: Path, module_databases: tuple[str, str], module_logs: Path
) -> None:
    data_dir, databases, logs = module_data_dir, module_databases, module_logs
    email = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    registered = rpc.register(cid(), email, PASSWORD, "Ada")
    rid = registered["resident_id"]

    # Read-your-writes: the query waits for the position the command returned.
    shown = rpc.get_resident(rid, after=registered["position"])
    assert (shown["display_name"], shown["erased"]) == ("Ada", False)
    assert rpc.find_by_email(email.upper())["resident_id"] == rid
    assert refused(rpc.register, cid(), email, PASSWORD, "Other").code == "email_taken"

    declared = rpc.declare_address(cid(), rid, "12 rue de la Paix", "71999", "Bourg-Démo")
    letter = rpc.request_letter(cid(), rid)
    text = (data_dir / "outbox" / "letters" / f"{letter['letter_id']}.txt").read_text()
    code = re.search(r"Code: (\S+)", text).group(1)  # type: ignore[union-attr]
    status = rpc.verification_status(rid, after=letter["position"])
    assert (status["status"], status["address_id"]) == ("pending_letter", declared["address_id"])

    wrong = refused(rpc.verify_letter_code, cid(), rid, "WRONGCODE1")
    assert (wrong.code, wrong.details) == ("wrong_code", {"attempts_left": 4})
    verified = rpc.verify_letter_code(cid(), rid, code)
    status = rpc.verification_status(rid, after=verified["position"])
    assert (status["status"], status["method"]) == ("verified", "letter")

    session = rpc.sign_in(email, PASSWORD, "192.0.2.1")
    assert session["resident_id"] == rid and session["verified"] is True
    assert len(session["session_id"]) >= 32

    wrong = refused(rpc.erase, cid(), rid, None, "not the password", "192.0.2.1")
    assert wrong.code == "current_password_wrong"
    assert rpc.get_resident(rid)["erased"] is False
    erased = rpc.erase(cid(), rid, password=PASSWORD, source="192.0.2.1")
    shown = rpc.get_resident(rid, after=erased["position"])
    assert (shown["erased"], shown["display_name"]) == (True, None)
    assert rpc.find_by_email(email)["resident_id"] is None
    assert refused(rpc.sign_in, email, PASSWORD, "192.0.2.1").code == "invalid_credentials"

    store_url, _ = databases
    _assert_email_unreadable(store_url, data_dir, email, rid)
    written = (logs / "identity.log").read_text() + (logs / "relay.log").read_text()
    assert email.split("@")[0] not in written and "Ada" not in written, "personal data in logs"


def test_the_callers_correlation_id_reaches_the_events_its_commands_append(
    rpc: Any, module_amqp_uri: str, module_databases: tuple[str, str]
) -> None:
    amqp_uri, databases = module_amqp_uri, module_databases
    request, registering, changing, unmarked = str(uuid.uuid4()), cid(), cid(), cid()
    email = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    # The gateway's way: its worker context data travels in the RPC message headers.
    marked = {"correlation_id": request}
    with ClusterRpcProxy({"AMQP_URI": amqp_uri}, context_data=marked, timeout=30) as cluster:
        rid = cluster.identity.register(registering, email, PASSWORD, "Ada", "en")["resident_id"]
        changed = cluster.identity.update_profile(changing, rid, "Ada L.", None, "full", "fr")
    malformed = {"correlation_id": "not a uuid"}
    with ClusterRpcProxy({"AMQP_URI": amqp_uri}, context_data=malformed, timeout=30) as cluster:
        last = cluster.identity.update_profile(unmarked, rid, "Ada L.", None, "none")

    store = connect(databases[0])
    try:
        recorded = [
            (r.type, r.metadata["correlation_id"], r.metadata["causation_id"])
            for stream in (email_claim_stream(email), resident_stream(uuid.UUID(rid)))
            for r in store.read_stream(stream)
        ]
    finally:
        store.close()
    assert recorded == [
        ("identity.EmailClaimed", request, registering),
        ("identity.ResidentRegistered", request, registering),
        ("identity.PasswordChanged", request, registering),
        ("identity.EmailConfirmationRequested", request, registering),
        ("identity.ProfileChanged", request, changing),
        ("identity.LanguageChanged", request, changing),
        ("identity.ProfileChanged", unmarked, unmarked),
    ]
    assert rpc.get_resident(rid, after=changed["position"])["language"] == "fr"
    assert rpc.get_resident(rid, after=last["position"])["address_disclosure"] == "none"


def test_the_language_is_chosen_at_registration_and_kept_unless_changed(rpc: Any) -> None:
    email = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    registered = rpc.register(cid(), email, PASSWORD, "Ada", "en")
    rid = registered["resident_id"]
    assert rpc.get_resident(rid, after=registered["position"])["language"] == "en"
    changed = rpc.update_profile(cid(), rid, "Ada L.", "06 12 34 56 78", "street")
    assert rpc.get_resident(rid, after=changed["position"])["language"] == "en"
    bad = refused(rpc.update_profile, cid(), rid, "Ada", None, "street", "de")
    assert (bad.code, bad.message) == ("unsupported_language", "a language is one of fr, en")
    other = f"bo-{uuid.uuid4().hex[:8]}@example.org"
    assert refused(rpc.register, cid(), other, PASSWORD, "Bo", "xx").code == "unsupported_language"
    assert rpc.find_by_email(other)["resident_id"] is None
    plain = rpc.register(cid(), other, PASSWORD, "Bo")
    assert rpc.get_resident(plain["resident_id"], after=plain["position"])["language"] == "fr"


def test_queries_refuse_malformed_arguments_with_stable_codes(rpc: Any) -> None:
    assert refused(rpc.get_resident, "not-a-uuid").code == "invalid_request"
    assert refused(rpc.get_resident, str(uuid.uuid4())).code == "not_found"
    assert refused(rpc.register, cid(), "ada@example.org").code == "invalid_request"
    weak = refused(rpc.register, cid(), "ada@example.org", "short", "Ada")
    assert weak.code == "password_too_weak" and "ada" not in weak.message


def _assert_email_unreadable(store_url: str, data_dir: Path, email: str, rid: str) -> None:
    schema = store_url.rsplit("schema=", 1)[1]
    engine = sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(f'SELECT stream, type, data::text, metadata::text FROM "{schema}".events')
        ).all()
    engine.dispose()
    assert any(r.type == "identity.EmailClaimed" for r in rows)
    for needle in (email, email.casefold(), email.split("@")[0]):
        assert not any(needle in " ".join(map(str, r)) for r in rows), "e-mail in the events"

    keyring = connect_keyring(f"sqlite:///{data_dir}/keyring.db")
    codec = Codec(default_registry(), keyring, pseudonym_key(None, data_dir))
    store = connect(store_url)
    try:
        claim = [codec.decode(r).event for r in store.read_stream(email_claim_stream(email))]
        registered = codec.decode(store.read_stream(resident_stream(uuid.UUID(rid)))[0]).event
    finally:
        store.close()
        keyring.close()
    assert claim[0].email is ERASED and registered.email is ERASED


def test_an_operator_sees_a_pending_proof_document_and_no_one_else_does(rpc: Any) -> None:
    pdf = b"%PDF-1.7\n" + b"a scanned lease" * 20
    rid = rpc.register(cid(), f"ada-{uuid.uuid4().hex[:8]}@example.org", PASSWORD, "Ada")[
        "resident_id"
    ]
    rpc.declare_address(cid(), rid, "12 rue de la Paix", "71999", "Bourg-Démo")
    sent = rpc.submit_proof(cid(), rid, base64.b64encode(pdf).decode("ascii"))
    operator = rpc.register(cid(), f"op-{uuid.uuid4().hex[:8]}@example.org", PASSWORD, "Op")
    rpc.grant_role(cid(), operator["resident_id"], "operator", actor="system:ops")
    plain = rpc.register(cid(), f"bo-{uuid.uuid4().hex[:8]}@example.org", PASSWORD, "Bo")

    shown = rpc.proof_document(rid, sent["document_id"], operator["resident_id"])
    assert shown == {
        "content_type": "application/pdf",
        "content_base64": base64.b64encode(pdf).decode("ascii"),
    }
    denied = refused(rpc.proof_document, rid, sent["document_id"], plain["resident_id"])
    assert denied.code == "not_allowed"
    assert refused(rpc.proof_document, rid, cid(), operator["resident_id"]).code == "not_found"

    rpc.approve_proof(cid(), rid, sent["document_id"], operator["resident_id"])
    gone = refused(rpc.proof_document, rid, sent["document_id"], operator["resident_id"])
    assert gone.code == "not_found"
