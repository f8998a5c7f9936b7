"""Fixtures for the runtime's integration tests: a vhost, a data directory and databases per
test, and the same per module (`module_*`) for a module whose tests share the services it
starts: starting them costs seconds of CPU, and its tests each make residents of their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.eventstore import EventStore, connect
from tests.conftest import drop_read_models, drop_schema, fresh_postgres_url
from tests.support.platform_procs import environment
from tests.support.rabbit_node import fresh_vhost

# Every process whose schema a test's platform may create under the read-model prefix (the
# relay keeps its checkpoint and lease there too).
SERVICES = (
    "relay",
    "identity",
    "neighbourhoods",
    "listings",
    "matching",
    "notifications",
    "gateway",
    "ops",
)


def _vhost() -> Iterator[str]:
    with fresh_vhost() as uri:
        yield uri


def _databases() -> Iterator[tuple[str, str]]:
    """An event-store schema, and a read-model schema prefix (each service's is
    <prefix>_<service>), dropped after use."""
    store, read = fresh_postgres_url(), fresh_postgres_url()
    yield store, read
    drop_schema(store)
    drop_read_models(read, SERVICES)


amqp_uri = pytest.fixture(_vhost, name="amqp_uri")
databases = pytest.fixture(_databases, name="databases")
module_amqp_uri = pytest.fixture(_vhost, scope="module", name="module_amqp_uri")
module_databases = pytest.fixture(_databases, scope="module", name="module_databases")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "var"
    folder.mkdir()
    return folder


def _services_env(data_dir: Path, amqp_uri: str, databases: tuple[str, str]) -> dict[str, str]:
    """The services' environment on these vhost, data directory and schemas; a test adds its
    own settings to a copy."""
    store, read = databases
    return environment(data_dir, amqp_uri, QUARTIER_EVENT_STORE=store, QUARTIER_READ_MODELS=read)


@pytest.fixture
def services_env(data_dir: Path, amqp_uri: str, databases: tuple[str, str]) -> dict[str, str]:
    return _services_env(data_dir, amqp_uri, databases)


@pytest.fixture(scope="module")
def module_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the module's services write their logs; their data directory is its var/."""
    folder = tmp_path_factory.mktemp("services")
    (folder / "var").mkdir()
    return folder


@pytest.fixture(scope="module")
def module_data_dir(module_logs: Path) -> Path:
    return module_logs / "var"


@pytest.fixture(scope="module")
def module_services_env(
    module_data_dir: Path, module_amqp_uri: str, module_databases: tuple[str, str]
) -> dict[str, str]:
    return _services_env(module_data_dir, module_amqp_uri, module_databases)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    """An embedded event store of the test's own."""
    opened = connect(f"sqlite:///{tmp_path}/events.db")
    yield opened
    opened.close()
