"""Identity's handlers for a home address and its proof: declaring it, letters and their codes,
proof documents and their review, neighbours' vouches. Part of IdentityHandlers.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import timedelta
from typing import Any

from identity.commands import (
    ApproveProofDocument,
    DeclareAddress,
    DeleteProofDocument,
    EnterLetterCode,
    PostLetter,
    ReceiveVouch,
    RejectProofDocument,
    Reviewer,
    SubmitProofDocument,
    Vouchee,
    VouchForNeighbour,
)
from identity.domain import resident as domain
from identity.domain.errors import (
    DocumentRetentionNotOver,
    DocumentStillUnderReview,
    UnknownDocument,
)
from identity.domain.review import document_to_review
from identity.domain.state import PostalAddress, Resident
from identity.domain.verification import document_type, reviewer_facts
from identity.domain.vouching import vouchee_facts
from identity.handlers.base import HandlerBase
from services.eventstore.handling import derived_id

NIL = uuid.UUID(int=0)
RETENTION_COMMANDS = uuid.UUID("8f4c2d0e-5b7a-4e61-9c3d-2a1f6e8b7d40")


def retention_command_id(document_id: uuid.UUID) -> uuid.UUID:
    """The same for every replica and every run: a document's deletion is recorded once."""
    return uuid.uuid5(RETENTION_COMMANDS, f"delete-proof-document/{document_id}")


class Verification:
    """The commands on a home address and its proof, run on the identity handlers' streams and
    ports."""

    def __init__(self, core: HandlerBase) -> None:
        self._core = core

    def declare_address(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        address: PostalAddress,
        manual_review: bool = False,
    ) -> str | None:
        """Raises AddressUnknown when the map does not know the address (unless
        `manual_review`: it must then be proven by a document)."""
        found = self._core._geocoder.locate(
            address.line, address.postcode, address.city, address.country
        )
        command = DeclareAddress(
            command_id,
            resident_id,
            derived_id(command_id, "address"),
            address,
            found.point if found is not None else None,
            manual_review,
            self._core._clock(),
            found.ban_id if found is not None else None,
        )
        return self._core.run(command)

    def request_letter(self, command_id: uuid.UUID, resident_id: uuid.UUID) -> str | None:
        """Record a letter, then post its code. Only the code's hash is kept: a letter recorded
        but lost before posting is replaced by requesting another."""
        letter_id = derived_id(command_id, "letter")
        code = self._core._new_code()
        command = PostLetter(
            command_id,
            resident_id,
            letter_id,
            self._core._hash_code(code, str(letter_id)),
            self._core._clock(),
        )
        outcome = self._core._on_resident(
            resident_id, command_id, None, lambda state: domain.decide(command, state)
        )
        if outcome.appended:
            state = self._core.resident(resident_id)
            assert state.address is not None
            self._core._letters.post(str(letter_id), str(resident_id), state.address.postal, code)
            self.discard_letters(state, keep=letter_id)  # only the latest letter's code counts
        return outcome.position

    def enter_letter_code(
        self, command_id: uuid.UUID, resident_id: uuid.UUID, typed: str
    ) -> str | None:
        """Raises WrongCode (recorded), CodeExpired, TooManyAttempts or NoLetterPosted."""
        at = self._core._clock()

        def decide(state: Resident) -> Sequence[Any]:
            letter = state.letter()
            letter_id = letter.letter_id if letter is not None else NIL
            code_hash = self._core._hash_code(typed, str(letter_id)) if letter is not None else ""
            return domain.decide(
                EnterLetterCode(command_id, resident_id, letter_id, code_hash, at), state
            )

        outcome = self._core._on_resident(resident_id, command_id, None, decide)
        state = self._core.resident(resident_id)
        if state.verified:  # the code is used: the letter has nothing left to do
            self.discard_letters(state)
        return outcome.position

    def discard_letters(self, state: Resident, keep: uuid.UUID | None = None) -> None:
        """Every letter posted to the resident but `keep`: the files hold an address."""
        for letter in state.letters:
            if letter.letter_id != keep:
                self._core._letters.discard(str(letter.letter_id))

    def discard_spent_letters(self, usable: Collection[str], grace: timedelta) -> list[str]:
        """Discard every letter posted more than `grace` ago whose code can no longer be used
        (`usable`: the read model's pending letters, not expired, attempts left): expired,
        replaced, used, or of an erased resident. The grace spares a letter the read model has
        not seen yet. Safe on several replicas at once."""
        spent = [
            i
            for i in self._core._letters.posted_before(self._core._clock() - grace)
            if i not in usable
        ]
        for letter_id in spent:
            self._core._letters.discard(letter_id)
        return spent

    def submit_proof_document(
        self, command_id: uuid.UUID, resident_id: uuid.UUID, content: bytes
    ) -> str | None:
        """Store the document (encrypted, outside the log), then record that it was sent."""
        document_id = derived_id(command_id, "document")
        command = SubmitProofDocument(
            command_id,
            resident_id,
            document_id,
            document_type(content[:16]),
            len(content),
            self._core._clock(),
        )
        domain.decide(command, self._core.resident(resident_id))  # refuse before storing anything
        self._core._proofs.put(str(resident_id), str(document_id), content)
        return self._core.run(command)

    def _reviewer(self, reviewer_id: uuid.UUID) -> Reviewer:
        state = self._core.resident(reviewer_id)
        if state.resident_id is None:
            return Reviewer(reviewer_id, False, frozenset())
        return reviewer_facts(state)

    def approve_proof_document(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        document_id: uuid.UUID,
        reviewer_id: uuid.UUID,
        reason: str | None = None,
        address_neighbourhoods: frozenset[uuid.UUID] = frozenset(),
    ) -> str | None:
        """`address_neighbourhoods`: the neighbourhoods containing the resident's address, from
        the caller's neighbourhoods read model, so that their moderators may review."""
        return self._review(
            ApproveProofDocument, command_id, resident_id, document_id, reviewer_id,
            address_neighbourhoods, reason,
        )  # fmt: skip

    def reject_proof_document(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        document_id: uuid.UUID,
        reviewer_id: uuid.UUID,
        reason: str,
        address_neighbourhoods: frozenset[uuid.UUID] = frozenset(),
    ) -> str | None:
        return self._review(
            RejectProofDocument, command_id, resident_id, document_id, reviewer_id,
            address_neighbourhoods, reason,
        )  # fmt: skip

    def _review(
        self,
        decision: type[ApproveProofDocument] | type[RejectProofDocument],
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        document_id: uuid.UUID,
        reviewer_id: uuid.UUID,
        address_neighbourhoods: frozenset[uuid.UUID],
        reason: str | None,
    ) -> str | None:
        at = self._core._clock()
        reviewer = self._reviewer(reviewer_id)
        facts = (document_id, reviewer, address_neighbourhoods)
        command = decision(command_id, resident_id, *facts, reason, at)  # type: ignore[arg-type]
        outcome = self._core._on_resident(
            resident_id,
            command_id,
            f"resident:{reviewer_id}",
            lambda state: domain.decide(command, state),
        )
        # The retention countdown starts at the decision.
        self._core._proofs.mark_decided(str(resident_id), str(document_id), at)
        return outcome.position

    def delete_proof_document(
        self, command_id: uuid.UUID, resident_id: uuid.UUID, document_id: uuid.UUID
    ) -> str | None:
        """Once the retention after the decision is over (delete_due_proof_documents)."""
        command = DeleteProofDocument(command_id, resident_id, document_id, self._core._clock())
        outcome = self._core._on_resident(
            resident_id, command_id, "system:identity", lambda s: domain.decide(command, s)
        )
        # Recorded first, now or by an earlier run: a crash between the two leaves the file
        # listed as due, and the next run removes it without recording anything again.
        self._core._proofs.delete(str(resident_id), str(document_id))
        return outcome.position

    def delete_due_proof_documents(self) -> list[uuid.UUID]:
        """Delete every document the proof store lists as past its retention, where the log
        agrees; the ids of those handled. Safe to run on several replicas at once."""
        deleted = []
        for resident_id, document_id in self._core._proofs.due(self._core._clock()):
            rid, did = uuid.UUID(resident_id), uuid.UUID(document_id)
            try:
                self.delete_proof_document(retention_command_id(did), rid, did)
            except (DocumentRetentionNotOver, DocumentStillUnderReview, UnknownDocument):
                continue  # the log decides; the store's decision time is only a hint
            deleted.append(did)
        return deleted

    def proof_document_for_review(
        self, resident_id: uuid.UUID, document_id: uuid.UUID, reviewer_id: uuid.UUID
    ) -> tuple[str, bytes]:
        """(content type, content) for an operator, while the document awaits review. Raises
        NotAllowedToSeeDocument or DocumentNotUnderReview."""
        document = document_to_review(
            self._reviewer(reviewer_id), self._core.resident(resident_id), document_id
        )
        return document.content_type, self._core._proofs.get(str(resident_id), str(document_id))

    def vouch(
        self, command_id: uuid.UUID, voucher_id: uuid.UUID, vouchee_id: uuid.UUID
    ) -> str | None:
        """Record the vouch in the voucher's stream (where the 5 per 30 days are counted, under
        its expected version), then count it in the vouchee's; a retry completes both."""
        at = self._core._clock()
        vouchee_state = self._core.resident(vouchee_id)
        vouchee = (
            vouchee_facts(vouchee_state)
            if vouchee_state.resident_id is not None
            else Vouchee(vouchee_id, False, False, None, None, False)
        )
        command = VouchForNeighbour(command_id, voucher_id, vouchee, at)
        given = self._core._on_resident(
            voucher_id, command_id, None, lambda state: domain.decide(command, state)
        )
        address_id = given.events[0].address_id if given.events else vouchee.address_id
        if address_id is None:
            return given.position
        received = ReceiveVouch(command_id, vouchee_id, voucher_id, address_id, at)
        return self._core._on_resident(
            vouchee_id,
            command_id,
            f"resident:{voucher_id}",
            lambda state: domain.decide(received, state),
        ).position
