"""Where each service's read models and the platform's stores live, from the one config."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from services.relay.publisher import where
from services.runtime.config import (
    CredentialsMasked,
    broker_urls,
    from_config,
    load,
    load_file,
    read_model_url,
    safe_url,
)
from services.runtime.preflight import broker_problem
from services.runtime.rpc import UnknownQueueType, queue_arguments
from tests.support.platform_procs import ROOT

CONFIG = ROOT / "deploy" / "local" / "config.yml"


def test_defaults_put_everything_under_the_data_dir() -> None:
    settings = load({"QUARTIER_DATA_DIR": "/tmp/q"})
    assert settings.event_store == "sqlite:////tmp/q/events.db"
    assert settings.keyring == "sqlite:////tmp/q/keyring.db"
    assert settings.amqp_uri == "amqp://guest:guest@localhost:5672/"
    assert read_model_url(settings, "listings") == "sqlite:////tmp/q/read-listings.db"


def test_a_postgresql_read_model_url_gives_each_service_its_own_schema() -> None:
    settings = load({"QUARTIER_READ_MODELS": "postgresql://u:pw@db:5432/quartier"})
    assert read_model_url(settings, "ops_status").endswith("/quartier?schema=read_ops_status")
    prefixed = load({"QUARTIER_READ_MODELS": "postgresql://db/q?schema=t1"})
    assert read_model_url(prefixed, "toy") == "postgresql://db/q?schema=t1_toy"


def test_the_config_file_takes_the_environment_over_its_defaults(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QUARTIER_DATA_DIR", "/srv/q")
    monkeypatch.setenv("QUARTIER_AMQP_URI", "amqp://a:b@rabbit:5672/v1")
    monkeypatch.setenv("QUARTIER_PSEUDONYM_KEY", "0123")  # stays text, not the number 123
    settings = from_config(load_file(CONFIG))
    assert settings.data_dir == Path("/srv/q")
    assert settings.event_store == "sqlite:////srv/q/events.db"
    assert settings.amqp_uri == "amqp://a:b@rabbit:5672/v1"
    assert settings.pseudonym_key == "0123"
    assert settings.poll_seconds == 1.0


def test_urls_shown_to_people_carry_no_credentials() -> None:
    assert safe_url("amqp://guest:secret@localhost:5672/v") == "amqp://localhost:5672/v"


def test_a_broker_list_is_shown_without_the_credentials_of_any_node() -> None:
    listed = "amqp://guest:one@localhost:1/;amqp://guest:two@localhost:2/"
    assert broker_urls(listed) == ["amqp://guest:one@localhost:1/", "amqp://guest:two@localhost:2/"]
    assert safe_url(listed) == "amqp://localhost:1/;amqp://localhost:2/"
    assert broker_urls("amqp://localhost/") == ["amqp://localhost/"]


def test_no_node_of_a_broker_list_answering_names_them_all() -> None:
    problem = broker_problem("amqp://u:p@localhost:1/;amqp://u:p@localhost:2/", OSError())
    assert "localhost:1, localhost:2" in str(problem)
    assert "make cluster" in str(problem)
    assert ":p@" not in str(problem)


def test_the_request_queue_is_classic_unless_the_config_asks_for_quorum() -> None:
    assert queue_arguments({}) == {}
    assert queue_arguments({"QUARTIER_RPC_QUEUE_TYPE": "quorum"}) == {"x-queue-type": "quorum"}
    with pytest.raises(UnknownQueueType):
        queue_arguments({"QUARTIER_RPC_QUEUE_TYPE": "mirrored"})


def test_the_relay_names_each_broker_of_a_list_without_credentials() -> None:
    assert where("amqp://u:p@localhost:1/;amqp://u:p@other:2/") == "localhost:1,other:2"


def test_no_url_of_a_broker_list_reaches_the_logs_with_its_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.handler.addFilter(CredentialsMasked())
    urls = "amqp://quartier:s3cret@node-1:5672/;amqp://quartier:s3cret@node-2:5672/"
    logging.getLogger("nameko.messaging").warning("Error connecting to broker at %s", urls)
    [record] = caplog.records
    assert "s3cret" not in caplog.text and "quartier:" not in caplog.text
    assert record.getMessage().endswith("amqp://node-1:5672/;amqp://node-2:5672/")
