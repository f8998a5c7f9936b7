"""Who may see a proof document's content, and when: pure, like the rest of the domain.

A document holds a resident's address and often more (a bill, a lease). Its content is shown
only to an operator, and only while it waits for a decision: after that, nobody needs it until
it is deleted.
"""

from __future__ import annotations

import uuid

from identity.commands import Reviewer
from identity.domain.errors import DocumentNotUnderReview, NotAllowedToSeeDocument
from identity.domain.state import ProofDocument, Resident


def document_to_review(
    reviewer: Reviewer, state: Resident, document_id: uuid.UUID
) -> ProofDocument:
    """The document, or NotAllowedToSeeDocument (checked first: a refused reviewer learns
    nothing about the document) or DocumentNotUnderReview."""
    if not reviewer.is_operator:
        raise NotAllowedToSeeDocument("only an operator may see a proof document")
    document = state.document(document_id)
    if document is None or state.erased or document.decision is not None or document.deleted:
        raise DocumentNotUnderReview(f"document {document_id} is not awaiting review")
    return document
