"""One contract for the Mailer port, run on the SMTP adapter against a real aiosmtpd server and
on the memory fake: what a recipient receives, and what a mail server away looks like."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage as Message
from pathlib import Path

import pytest

from notifications.adapters.mail_server import serve
from notifications.adapters.memory import MemoryMailer
from notifications.adapters.smtp import SmtpMailer, SmtpSettings
from notifications.ports import Mailer, MailerUnavailable, OutgoingMail
from tests.support import free_port


class Rig:
    """A mailer, what reached its far side, and a way to make that side refuse."""

    def __init__(
        self, mailer: Mailer, received: Callable[[], list[Message]], refuse: Callable[[bool], None]
    ) -> None:
        self.mailer = mailer
        self.received = received
        self.refuse = refuse


def parsed(raw: bytes) -> Message:
    return message_from_bytes(raw, policy=policy.default)


@pytest.fixture(params=["smtp", "memory"])
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rig]:
    if request.param == "memory":
        fake = MemoryMailer()

        def refuse_fake(on: bool) -> None:
            fake.refusing = on

        yield Rig(fake, lambda: [parsed(m.as_bytes()) for m in fake.sent], refuse_fake)
        return
    port, flag = free_port(), tmp_path / "refusing"
    controller = serve(tmp_path / "mail", "127.0.0.1", port, refuse_while=flag)

    def received() -> list[Message]:
        return [parsed(p.read_bytes()) for p in sorted((tmp_path / "mail").glob("*.eml"))]

    def refuse_smtp(on: bool) -> None:
        if on:
            flag.touch()
        else:
            flag.unlink(missing_ok=True)

    try:
        yield Rig(SmtpMailer(SmtpSettings("127.0.0.1", port)), received, refuse_smtp)
    finally:
        controller.stop()


def mail(**changes: object) -> OutgoingMail:
    values: dict[str, object] = {
        "message_id": f"<{uuid.uuid4()}@quartier.test>",
        "to": "camille@example.org",
        "subject": "Une réponse à votre annonce",
        "text": "Bonjour Camille,\nQuelqu'un a répondu.",
        "html": "<p>Bonjour Camille,</p><p>Quelqu'un a répondu.</p>",
        "headers": {
            "List-Unsubscribe": "<http://127.0.0.1:8000/api/v1/unsubscribe?token=abc>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }
    values.update(changes)
    return OutgoingMail(**values)  # type: ignore[arg-type]


def test_a_sent_mail_arrives_with_its_texts_and_headers(rig: Rig) -> None:
    sent = mail()
    rig.mailer.send(sent)
    (got,) = rig.received()
    assert got["Message-ID"] == sent.message_id
    assert got["To"] == "camille@example.org"
    assert got["Subject"] == "Une réponse à votre annonce"
    assert got["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert got["List-Unsubscribe"] == sent.headers["List-Unsubscribe"]
    parts = {p.get_content_type(): str(p.get_content()) for p in got.walk() if not p.is_multipart()}
    assert "Quelqu'un a répondu." in parts["text/plain"]
    assert "<p>Bonjour Camille,</p>" in parts["text/html"]


def test_a_subject_in_french_reads_back_whole(rig: Rig) -> None:
    rig.mailer.send(mail(subject="Réservation acceptée : perceuse"))
    (got,) = rig.received()
    assert got["Subject"] == "Réservation acceptée : perceuse"


def test_a_refusing_server_is_unavailable_and_the_mail_goes_through_later(rig: Rig) -> None:
    rig.refuse(True)
    with pytest.raises(MailerUnavailable) as refused:
        rig.mailer.send(mail())
    assert "camille" not in str(refused.value)
    assert rig.received() == []
    rig.refuse(False)
    rig.mailer.send(mail())
    assert len(rig.received()) == 1


def test_the_same_message_sent_twice_is_the_same_message_id(rig: Rig) -> None:
    sent = mail()
    rig.mailer.send(sent)
    rig.mailer.send(sent)
    assert {m["Message-ID"] for m in rig.received()} == {sent.message_id}


def test_an_unreachable_server_names_itself_not_the_recipient() -> None:
    mailer = SmtpMailer(SmtpSettings("127.0.0.1", free_port(), timeout=2))
    with pytest.raises(MailerUnavailable) as away:
        mailer.send(mail())
    assert "127.0.0.1" in str(away.value)
    assert "camille" not in str(away.value)
