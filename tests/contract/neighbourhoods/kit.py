"""What the neighbourhoods contract tests share: read-model databases of each kind, and a world
where identity's real handlers record residents' events on a memory store."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from contracts import Metadata
from identity.adapters.letters import MemoryLetterBox
from identity.domain.state import PostalAddress
from identity.handlers import IdentityHandlers
from services.eventstore import ANY, EventStore
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.contract.identity.world import memory_identity
from tests.support import square as square  # where the neighbourhoods suites import it from

PAIX = PostalAddress("12 rue de la Paix", "71999", "Bourg-Démo", "FR")
EGLISE = PostalAddress("3 Rue de l'Église", "71999", "Bourg-Démo", "FR")
PSEUDONYM_KEY = b"n" * 32
CENTRE = (4.8680, 46.6650)  # lon, lat: the middle of Bourg-Démo


@dataclass
class Residents:
    """Identity's handlers on a memory store: registered, verified, moved, erased residents."""

    store: EventStore
    codec: Codec
    identity: IdentityHandlers
    letters: MemoryLetterBox
    keyring: MemoryKeyring = field(default_factory=MemoryKeyring)

    def register(self, name: str) -> uuid.UUID:
        email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
        return self.identity.register(uuid.uuid4(), email, "long enough secret", name).resident_id

    def verify(self, rid: uuid.UUID, where: PostalAddress = PAIX) -> None:
        self.identity.declare_address(uuid.uuid4(), rid, where)
        self.identity.request_letter(uuid.uuid4(), rid)
        code = [x.code for x in self.letters.letters if x.resident_id == str(rid)][-1]
        self.identity.enter_letter_code(uuid.uuid4(), rid, code)

    def record(self, stream: str, *events: Any, actor: str = "system:tests") -> str:
        """Neighbourhood events appended as given (the handlers' rules are not under test here)."""
        metadata = Metadata.start(actor, uuid.uuid4())
        result = self.store.append(
            stream, [self.codec.encode(e, metadata) for e in events], expected_version=ANY
        )
        return str(result.position)


def residents_world() -> Residents:
    identity = memory_identity(PSEUDONYM_KEY)
    return Residents(
        identity.store, identity.codec, identity.handlers, identity.letters, identity.keyring
    )


def now() -> datetime:
    return datetime.now(UTC)
