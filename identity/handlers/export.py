"""How a resident's export renders what the log holds: events and state as JSON-ready values,
with credential hashes withheld.
"""

from __future__ import annotations

import base64
import dataclasses
import uuid
from datetime import datetime
from typing import Any

from identity.domain import state as resident_state
from identity.handlers.base import HandlerBase
from services.eventstore import RecordedEvent

WITHHELD = "[withheld: credential]"


def exported(recorded: RecordedEvent, event: Any) -> dict[str, Any]:
    data = jsonable(dataclasses.asdict(event))
    # A link's token (and its hash) would let whoever holds the file use a pending link.
    for secret in ("password_hash", "code_hash", "token", "token_hash"):
        if secret in data:
            data[secret] = WITHHELD
    return {
        "type": recorded.type,
        "position": str(recorded.position),
        "recorded_at": recorded.recorded_at.isoformat(),
        "actor": recorded.metadata.get("actor"),
        "data": data,
    }


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def exported_document(core: HandlerBase, resident_id: uuid.UUID) -> dict[str, Any]:
    """Everything held about the resident, as one JSON-ready document. Credential hashes
    are withheld: they are of no use to the resident and would only help a thief."""
    recorded, events = core._read(resident_state.resident_stream(resident_id))
    state = resident_state.fold(events)
    documents = []
    for document in state.documents:
        entry = jsonable(dataclasses.asdict(document))
        if not document.deleted:
            content = core._proofs.get(str(resident_id), str(document.document_id))
            entry["content_base64"] = base64.b64encode(content).decode("ascii")
        documents.append(entry)
    return {
        "resident_id": str(resident_id),
        "exported_at": core._clock().isoformat(),
        "erased": state.erased,
        "profile": {
            "email": state.email,
            "display_name": state.display_name,
            "phone": state.phone,
            "address_disclosure": state.address_disclosure,
            "language": state.language,
            "email_confirmed": state.links.email_confirmed,
        },
        "roles": sorted(
            [{"role": role, "neighbourhood_id": jsonable(n)} for role, n in state.roles],
            key=lambda r: (r["role"], str(r["neighbourhood_id"])),
        ),
        "address": jsonable(dataclasses.asdict(state.address)) if state.address else None,
        "verification": jsonable(dataclasses.asdict(state.verification))
        if state.verification
        else None,
        "documents": documents,
        "events": [exported(r, e) for r, e in zip(recorded, events, strict=True)],
    }
