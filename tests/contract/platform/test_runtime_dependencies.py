"""The Nameko providers of the platform's shared connections: each opens its part at setup and
hands every worker the one the container shares."""

from __future__ import annotations

from pathlib import Path

from nameko.containers import ServiceContainer

from services.runtime.dependencies import Keyring, ReadModelDatabase, Store


class Toy:
    name = "toy_dependencies"
    store = Store()
    db = ReadModelDatabase()
    keyring = Keyring()


def test_each_provider_opens_its_part_at_setup_and_hands_out_the_shared_one(
    tmp_path: Path,
) -> None:
    config = {
        "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/",  # never reached: nothing starts
        "QUARTIER_DATA_DIR": str(tmp_path),
        "QUARTIER_EVENT_STORE": f"sqlite:///{tmp_path}/events.db",
    }
    container = ServiceContainer(Toy, config)
    providers = {d.attr_name: d for d in container.dependencies}
    for provider in providers.values():
        provider.setup()
    platform = providers["store"].platform  # type: ignore[attr-defined]
    try:
        assert providers["store"].get_dependency(None) is platform.store()
        assert providers["db"].get_dependency(None) is platform.engine()
        assert providers["keyring"].get_dependency(None) is platform.keyring()
        assert all(p.platform is platform for p in providers.values())  # type: ignore[attr-defined]
    finally:
        platform.stop()
