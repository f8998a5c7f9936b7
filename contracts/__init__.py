"""Event contracts shared by every context: declarations, schema versions, personal data marks.

Domain code uses the contract dataclasses; only the codec (services.eventstore.codec) touches
the dicts that are stored.
"""

from __future__ import annotations

from .envelope import Metadata
from .errors import (
    ContractError,
    DeclarationError,
    InvalidEventData,
    SubjectErased,
    UnknownEventType,
    UnreadablePersonalData,
)
from .pii import ERASED, Erased, is_erased, is_pii, pii
from .registry import EventContract, OldVersion, Registry, SchemaVersion, Upcaster, declare

__all__ = [
    "ERASED",
    "ContractError",
    "DeclarationError",
    "Erased",
    "EventContract",
    "InvalidEventData",
    "Metadata",
    "OldVersion",
    "Registry",
    "SchemaVersion",
    "SubjectErased",
    "UnknownEventType",
    "UnreadablePersonalData",
    "Upcaster",
    "declare",
    "default_registry",
    "is_erased",
    "is_pii",
    "pii",
]


def default_registry() -> Registry:
    """Every event contract of the platform."""
    import importlib

    from .contexts import CONTEXTS, RECORDED_ONLY

    modules = [
        importlib.import_module(f"contracts.{context}.events")
        for context in (*CONTEXTS, *RECORDED_ONLY)
    ]
    return Registry(
        [contract for module in modules for contract in module.CONTRACTS],
        [c for module in modules for c in getattr(module, "STREAMS_NAMED_BY_PERSONAL_DATA", ())],
    )
