"""Marking personal data in a contract, and the value it reads as once its subject is erased."""

from __future__ import annotations

from typing import Any, Final, TypeVar

from marshmallow import Schema, fields

F = TypeVar("F", bound=fields.Field[Any])


def pii(field: F, subject: str | None = None) -> F:
    """Mark `field` as personal data, encrypted with its data subject's key.

    `subject` names the field holding that person's id when it is not the event's own subject
    (an event about two people). Usage: `email = pii(fields.Email(required=True))`.
    """
    field.metadata = {**field.metadata, "pii": True}
    if subject is not None:
        field.metadata["pii_subject"] = subject
    return field


def is_pii(field: fields.Field[Any]) -> bool:
    return bool(field.metadata.get("pii"))


def pii_fields(schema: type[Schema] | Schema, default_subject: str | None) -> dict[str, str | None]:
    """Each PII field of `schema`, with the name of the field holding its subject's id."""
    # The class-level field map: no need to build a schema instance just to read metadata.
    declared = schema._declared_fields
    return {
        name: field.metadata.get("pii_subject", default_subject)
        for name, field in declared.items()
        if is_pii(field)
    }


class Erased(str):
    """The value of a personal field whose subject has been erased (its key is gone)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ERASED"


ERASED: Final = Erased("[erased]")


def is_erased(value: object) -> bool:
    """True when `value` is personal data that can no longer be read."""
    return isinstance(value, Erased)


def plain(value: Any) -> Any:
    """`value` as a read model stores it: None where it reads back erased, so a rebuild after
    an erasure gives the rows the live read model holds."""
    return None if is_erased(value) else value
