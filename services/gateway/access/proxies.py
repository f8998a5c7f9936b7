"""Our own proxies, whose X-Forwarded-For names the client: addresses or ranges (CIDR), since an
Ingress controller's pods change address as they are rescheduled."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class TrustedProxies:
    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, text: str, setting: str = "QUARTIER_TRUSTED_PROXIES") -> TrustedProxies:
        """From a comma-separated list such as "127.0.0.1, 10.42.0.0/16"."""
        networks = []
        for part in (p.strip() for p in text.split(",")):
            if not part:
                continue
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                raise ValueError(
                    f"{setting}: {part!r} is neither an address nor a range such as 10.0.0.0/8"
                ) from None
        return cls(tuple(networks))

    def __contains__(self, address: object) -> bool:
        try:
            ip = ipaddress.ip_address(str(address).strip())
        except ValueError:  # a header can hold anything: not an address, not one of ours
            return False
        return any(ip in network for network in self.networks)
