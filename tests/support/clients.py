"""HTTP clients that the gateway sees as clients of their own: each connects from a loopback
address of its own choosing (all of 127.0.0.0/8 reaches a gateway on 127.0.0.1), since the
gateway counts rate limits per peer address."""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter


class FromAddress(HTTPAdapter):
    """Connections from one local address."""

    def __init__(self, address: str) -> None:
        self._address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


def client_from(address: str) -> requests.Session:
    """A client with its own cookie jar, connecting from `address`."""
    client = requests.Session()
    client.mount("http://", FromAddress(address))
    return client
