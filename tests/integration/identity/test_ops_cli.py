"""`quartier operator`, `quartier export` and `quartier erase` against the identity service run
as `make run` runs it (the fixtures of test_service.py), the command line in-process
with the test's broker in its environment."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from services.ops.cli import main
from services.runtime.doors import ServiceError
from tests.integration.calls import PASSWORD
from tests.integration.identity import test_service as served

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]

# The same served identity service as its own RPC tests (databases: tests/integration/conftest.py).
rpc = served.rpc


@pytest.fixture
def quartier(
    rpc: Any,
    module_amqp_uri: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Any:
    monkeypatch.setenv("QUARTIER_AMQP_URI", module_amqp_uri)

    def run(*argv: str) -> tuple[int, str, str]:
        status = main(list(argv))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def registered(rpc: Any, name: str) -> tuple[str, str]:
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    return rpc.register(str(uuid.uuid4()), email, PASSWORD, name)["resident_id"], email


def test_an_operator_granted_from_the_command_line_has_the_role(rpc: Any, quartier: Any) -> None:
    rid, _ = registered(rpc, "Ada")
    status, out, _ = quartier("operator", "grant", rid, "--actor", "camille")
    assert status == 0
    position = out.rsplit("position ", 1)[1].rstrip(")\n")
    roles = rpc.get_resident(rid, after=position)["roles"]
    assert {"role": "operator", "neighbourhood_id": None} in roles

    status, out, _ = quartier("operator", "revoke", rid, "--actor", "camille")
    assert status == 0
    position = out.rsplit("position ", 1)[1].rstrip(")\n")
    assert rpc.get_resident(rid, after=position)["roles"] == []


def test_an_export_prints_the_residents_data_as_json(rpc: Any, quartier: Any) -> None:
    rid, _ = registered(rpc, "Ada")
    status, out, _ = quartier("export", rid)
    assert status == 0
    exported = json.loads(out)
    assert exported["resident_id"] == rid
    assert exported["profile"]["display_name"] == "Ada"


def test_an_erasure_from_the_command_line_stops_sign_in(rpc: Any, quartier: Any) -> None:
    rid, email = registered(rpc, "Ada")
    assert rpc.sign_in(email, PASSWORD, "192.0.2.7")["resident_id"] == rid

    status, out, _ = quartier("erase", rid, "--actor", "camille")
    assert status == 0 and "erased" in out
    with pytest.raises(ServiceError) as caught:
        rpc.sign_in(email, PASSWORD, "192.0.2.7")
    assert caught.value.code == "invalid_credentials"


def test_a_refusal_is_one_line_on_stderr(rpc: Any, quartier: Any) -> None:
    status, out, err = quartier("erase", str(uuid.uuid4()), "--actor", "camille")
    assert status == 1 and out == ""
    assert err.startswith("quartier: not_registered") and err.count("\n") == 1


def test_without_the_identity_service_the_command_line_says_so(
    amqp_uri: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QUARTIER_AMQP_URI", amqp_uri)
    assert main(["export", str(uuid.uuid4())]) == 1
    err = capsys.readouterr().err
    assert "the identity service does not answer; is `make run` running?" in err
