"""The client's address, for rate limits: X-Forwarded-For only from trusted proxies. The
device cookie's token, for sign-in throttling: only one the gateway could have made."""

from __future__ import annotations

import pytest

from services.gateway.access.gate import client_address, device_token
from services.gateway.access.proxies import TrustedProxies
from services.gateway.access.sessions import new_token
from services.gateway.settings import gateway_settings

PROXY = TrustedProxies.parse("10.0.0.1")


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert client_address("192.0.2.7", "198.51.100.1", TrustedProxies()) == "192.0.2.7"


def test_proxies_given_as_ranges_are_trusted_wherever_they_move_within() -> None:
    # An Ingress controller's pods in 10.42.0.0/16, and a load balancer's IPv6 address.
    ingress = gateway_settings({"QUARTIER_TRUSTED_PROXIES": "10.42.0.0/16, 2001:db8::1"})
    trusted = ingress.trusted_proxies
    assert client_address("10.42.7.19", "198.51.100.1", trusted) == "198.51.100.1"
    assert client_address("10.42.200.3", "203.0.113.9, 10.42.7.19", trusted) == "203.0.113.9"
    assert client_address("2001:db8::1", "198.51.100.1", trusted) == "198.51.100.1"
    assert client_address("10.43.0.1", "198.51.100.1", trusted) == "10.43.0.1"
    assert client_address("10.42.0.5", "not an address", trusted) == "not an address"


def test_a_proxy_setting_that_is_no_address_fails_the_start_naming_the_setting() -> None:
    with pytest.raises(ValueError, match="QUARTIER_TRUSTED_PROXIES: 'ingress' is neither"):
        gateway_settings({"QUARTIER_TRUSTED_PROXIES": "10.0.0.1, ingress"})


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored() -> None:
    assert client_address("192.0.2.7", "198.51.100.1", PROXY) == "192.0.2.7"


def test_behind_a_trusted_proxy_the_forwarded_client_counts() -> None:
    assert client_address("10.0.0.1", "198.51.100.1", PROXY) == "198.51.100.1"


def test_a_client_cannot_hide_behind_addresses_it_wrote_itself() -> None:
    # The client sent "X-Forwarded-For: 203.0.113.9"; our proxy appended the real address.
    assert client_address("10.0.0.1", "203.0.113.9, 198.51.100.1", PROXY) == "198.51.100.1"


def test_a_device_token_the_gateway_made_is_taken_and_anything_else_is_not() -> None:
    made = new_token()
    assert device_token(made) == made
    for garbage in (
        "",
        "short",
        made + "x" * 30,
        made[:-1] + "=",
        made[:-1] + " ",
        made + "\n",
        "é" * 43,
    ):
        assert device_token(garbage) is None
