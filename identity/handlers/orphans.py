"""Releasing e-mail claims left by a sign-up that stopped between its two appends (the claim,
then the resident's registration): see policies.py. Part of IdentityHandlers."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from identity.commands import ReleaseEmail
from identity.domain import email_claim
from identity.domain.email_claim import EmailClaim
from identity.handlers.base import HandlerBase
from services.eventstore.handling import Outcome

ACTOR = "system:identity"
ORPHAN_GRACE = timedelta(minutes=10)
"""How long a claim waits for its resident before it is taken for an orphan: far longer than a
sign-up takes, retries included."""
_NAMESPACE = uuid.UUID("0b6f3c1e-2d4a-4f7e-8a51-9c3e7d20f4b8")


@dataclass(frozen=True)
class PendingClaim:
    """A claim whose resident had not been recorded when the policy last read the log."""

    claim_stream: str
    resident_id: uuid.UUID
    claimed_at: datetime


def release_command_id(claim_stream: str, resident_id: uuid.UUID) -> uuid.UUID:
    """The release's command id: the same however often the orphan is found."""
    return uuid.uuid5(_NAMESPACE, f"release/{claim_stream}/{resident_id}")


class OrphanClaims:
    """The release of e-mail claims whose sign-up stopped halfway, on the identity handlers'
    streams."""

    def __init__(self, core: HandlerBase) -> None:
        self._core = core

    def release_orphan_claims(
        self, claims: Iterable[PendingClaim], grace: timedelta = ORPHAN_GRACE
    ) -> list[str | None]:
        """Release each of `claims` made more than `grace` ago whose resident's stream holds no
        registration; the positions of the releases. Any replica may run it: each release's
        command id comes from its claim, and the claim stream's version guards it."""
        now = self._core._clock()
        released = []
        for claim in claims:
            if not claim.claim_stream.startswith("identity.email-"):
                continue
            if now - claim.claimed_at < grace:
                continue
            if self._core.resident(claim.resident_id).registered:
                continue  # recorded after all; the policy has not read it yet
            command_id = release_command_id(claim.claim_stream, claim.resident_id)
            outcome = self._release_orphan(claim, ReleaseEmail(command_id, claim.resident_id, now))
            if outcome.appended:
                released.append(outcome.position)
        return released

    def _release_orphan(self, claim: PendingClaim, release: ReleaseEmail) -> Outcome:
        return self._core._execute(
            claim.claim_stream,
            release.command_id,
            ACTOR,
            EmailClaim(),
            email_claim.evolve_claim,
            lambda state: email_claim.decide_claim(release, state),
        )
