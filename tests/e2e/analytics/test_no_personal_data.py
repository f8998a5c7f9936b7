"""No personal data reaches analysts: residents with distinctive e-mails, names, homes, phone
numbers and words use the real platform; then the whole analytics stream, an export in every
format and the report are searched for any of those values, and for the ids anyone can derive
from them (an e-mail claim's stream id).

Neighbourhood names and descriptions are public texts of the place, not personal data (they
are not marked pii in the contracts): this test gives them plain values."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from identity.domain.email_claim import email_claim_id
from tests.support.answers import answered
from tests.support.neighbours import gathered
from tests.support.platform import DEMO_CITY, DEMO_STREET, Platform, Resident, demo_address
from tests.support.platform_procs import ROOT, environment
from tests.support.rabbit_node import read_queue
from tests.support.waiting import eventually

pytestmark = pytest.mark.rabbitmq
TAG = uuid.uuid4().hex[:6]


def resident(platform: Platform, number: int, name: str, secrets: list[str]) -> Resident:
    email = f"{name.split()[0].lower()}.{TAG}@cachalot-{TAG}.example"
    who = platform.sign_in(platform.sign_up(f"{name} {TAG}", email=email))
    phone = f"+33 6 {number:02d} 17 29 3{number % 10}"
    changed = platform.call("PATCH", "/me", headers=who.auth, json={"phone": phone})
    answered(changed, 200, "set a phone number")
    platform.verify_by_letter(who, demo_address(number))
    # The e-mail claim's stream id is derived from the address: whoever knows the address
    # derives it again, and from it the resident's id and every event of theirs.
    claim = str(email_claim_id(email))
    secrets += [email, f"{name} {TAG}", phone, f"{number} {DEMO_STREET}", claim]
    return who


def post(platform: Platform, who: Resident, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = platform.call(
        "POST", path, headers=who.auth, params={"after": who.position}, json=body
    )
    shown = answered(answer, 201, f"POST {path}")
    who.position = shown.get("position") or who.position
    return shown


def personal(platform: Platform) -> list[str]:
    """Residents live through the platform; every personal value they gave."""
    secrets: list[str] = [DEMO_STREET, DEMO_CITY]
    ada = resident(platform, 2, "Zéphyrine Quincampoix", secrets)
    bob = resident(platform, 8, "Barnabé Tournesol", secrets)
    cleo = resident(platform, 12, "Clothilde Ravenscroft", secrets)
    nid = gathered(platform, ada, bob, cleo)
    title, description = f"Perceuse {TAG} à prêter", f"Ma perceuse {TAG} préférée, rangée au garage"
    listing = post(platform, bob, f"/neighbourhoods/{nid}/listings", {
        "kind": "offer", "category": "loan", "title": title, "description": description,
        "details": {"item": f"perceuse {TAG}"},
    })  # fmt: skip
    message, reason = f"Je passe jeudi {TAG}, merci", f"Annonce douteuse {TAG} selon moi"
    cleo.position = bob.position
    post(platform, cleo, f"/listings/{listing['listing_id']}/responses", {"message": message})
    ada.position = cleo.position
    post(platform, ada, f"/listings/{listing['listing_id']}/reports", {"reason": reason})
    return [*secrets, title, description, f"perceuse {TAG}", message, reason]


def leaks(text: str, secrets: list[str]) -> list[int]:
    """Which secrets (by their index: never the value itself) `text` holds."""
    folded = text.casefold()
    return [n for n, secret in enumerate(secrets) if secret.casefold() in folded]


def in_clear(platform: Platform) -> str:
    """Every event of the log decoded with the residents' keys: where the secrets do appear."""
    recorded = platform.events()
    decoded = zip([e.stream for e in recorded], platform.decoded(recorded), strict=True)
    shown = [(stream, dataclasses.asdict(event)) for stream, event in decoded]
    return json.dumps(shown, default=str, ensure_ascii=False)


def analysts_command(platform: Platform, *words: str) -> None:
    env = environment(platform.data_dir, platform.amqp_uri)
    done = subprocess.run(
        [sys.executable, "-m", "services.ops.cli", *words],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, f"quartier {words[0]} exited {done.returncode}"


def test_no_personal_value_reaches_the_stream_the_exports_or_the_report(
    platform: Platform, tmp_path: Path
) -> None:
    secrets = personal(platform)
    # The search finds each value where it is in clear: a leak could not go unseen.
    assert leaks(in_clear(platform), secrets) == list(range(len(secrets)))
    logged = {str(e.event_id) for e in platform.events()}

    def stream() -> list[Any]:
        got = read_queue(
            platform.amqp_uri,
            "quartier.analytics",
            until=len(logged),
            timeout=2,
            arguments={"x-stream-offset": "first"},
        )
        return got if logged <= {m.properties.message_id for m in got} else []

    messages = eventually(stream, what="every event on the analytics stream", timeout=60)
    assert leaks("\n".join(m.raw.decode("utf-8") for m in messages), secrets) == []
    assert any(m.body["type"] == "identity.ResidentRegistered" for m in messages)

    for fmt in ("jsonl", "csv", "parquet"):
        target = tmp_path / f"events.{fmt}"
        analysts_command(platform, "export", "events", "--format", fmt, "--output", str(target))
        raw = target.read_bytes()
        if fmt == "parquet":
            # Compressed: what an analyst reads is the decoded table.
            text = json.dumps(
                pq.read_table(io.BytesIO(raw)).to_pylist(), default=str, ensure_ascii=False
            )
        elif fmt == "csv":
            text = json.dumps(
                list(csv.reader(io.StringIO(raw.decode("utf-8")))), ensure_ascii=False
            )
        else:
            text = raw.decode("utf-8")
        assert len(text) > 1000, f"the {fmt} export is nearly empty"
        assert leaks(text, secrets) == [], f"personal data in the {fmt} export"

    report = tmp_path / "report"
    analysts_command(platform, "report", "--out", str(report))
    # The charts are drawn from the CSV tables beside them: the tables and the page say it all.
    pages = sorted(p for p in report.iterdir() if p.suffix in (".html", ".csv"))
    assert len(pages) > 5
    for page in pages:
        assert leaks(page.read_text(encoding="utf-8"), secrets) == [], (
            f"personal data in {page.name}"
        )
