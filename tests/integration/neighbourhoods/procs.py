"""What the neighbourhoods integration tests share: residents registered and verified through
identity's RPC (the letter's code read from the letter outbox), neighbourhoods drawn around
Bourg-Démo, refusals caught."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.runtime.doors import ServiceError
from tests import support
from tests.integration.calls import PASSWORD, cid

CENTRE = (4.8680, 46.6650)  # lon, lat: the middle of Bourg-Démo
PAIX = ("12 rue de la Paix", "71999", "Bourg-Démo")  # ~350 m south of the centre
GRANDE_RUE = ("5 Grande Rue", "71999", "Bourg-Démo")  # ~300 m south-west
EGLISE = ("3 Rue de l'Église", "71999", "Bourg-Démo")  # ~880 m south
LAVOIR = ("1 Chemin du Lavoir", "71999", "Bourg-Démo")  # ~1.4 km north-west


def square(half_m: float, lon: float = CENTRE[0], lat: float = CENTRE[1]) -> dict[str, Any]:
    """A GeoJSON square of side 2 * half_m metres around (lon, lat), Bourg-Démo's middle."""
    return support.square(lon, lat, half_m)


def register(identity: Any, name: str) -> str:
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    return str(identity.register(cid(), email, PASSWORD, name)["resident_id"])


def verify(identity: Any, data_dir: Path, rid: str, address: tuple[str, str, str]) -> str:
    """Declare the address and enter the letter's code: the position of the verification."""
    identity.declare_address(cid(), rid, *address)
    letter = identity.request_letter(cid(), rid)
    text = (data_dir / "outbox" / "letters" / f"{letter['letter_id']}.txt").read_text()
    code = re.search(r"Code: (\S+)", text).group(1)  # type: ignore[union-attr]
    return str(identity.verify_letter_code(cid(), rid, code)["position"])


def refused(call: Callable[..., Any], *args: Any, **kwargs: Any) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call(*args, **kwargs)
    return caught.value


def eventually(check: Callable[[], bool], timeout: float = 20.0) -> None:
    """Policies act on their own time: wait, bounded, for what they should have done (the
    neighbourhoods suites' name for tests.support.eventually)."""
    support.eventually(check, timeout=timeout, what="what the policies should have done")
