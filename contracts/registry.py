"""Event contracts: one declaration per event type, with every schema version it ever had.

CONTRACT = declare(
    "identity.ResidentRegistered", 2, ResidentRegistered, ResidentRegisteredSchema,
    subject="resident_id",
    history=[OldVersion(1, ResidentRegisteredV1Schema, upcast=v1_to_v2)],
)
registry = Registry([CONTRACT])
"""

from __future__ import annotations

import builtins
import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema

from .errors import DeclarationError, UnknownEventType
from .pii import is_pii, pii_fields

TYPE_RE = re.compile(r"^[a-z][a-z0-9_]*\.[A-Z][A-Za-z0-9]*$")

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class OldVersion:
    """A past schema version, readable forever. `upcast` turns its data into version + 1; it gets
    personal values in clear (or ERASED, which it must carry through untouched)."""

    version: int
    schema: type[Schema]
    upcast: Upcaster
    subject: str | None = None


@dataclass(frozen=True)
class SchemaVersion:
    """One version of one event type, as it is stored: schema, subject field and PII fields."""

    type: str
    version: int
    schema: builtins.type[Schema]
    subject: str | None
    pii: Mapping[str, str]
    upcast: Upcaster | None

    @property
    def label(self) -> str:
        return f"{self.type} v{self.version}"


@dataclass(frozen=True)
class EventContract:
    """An event type: the dataclass domain code uses, and its schema versions 1..latest."""

    type: str
    cls: builtins.type
    versions: tuple[SchemaVersion, ...]

    @property
    def latest(self) -> SchemaVersion:
        return self.versions[-1]


def declare(
    type_name: str,
    version: int,
    cls: type,
    schema: type[Schema],
    subject: str | None = None,
    history: Sequence[OldVersion] = (),
) -> EventContract:
    """Declare an event type at its latest `version`; `history` holds versions 1..version-1.

    `subject` names the field holding the data subject's id: their key encrypts the PII fields
    (a field marked `pii(..., subject="other_id")` uses that other person's key instead).
    """
    if not isinstance(type_name, str) or not TYPE_RE.match(type_name):
        raise DeclarationError(f"event type {type_name!r} must look like <context>.<PastTenseName>")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise DeclarationError(f"{type_name}: schema version must be an int >= 1")
    past = sorted(history, key=lambda old: old.version)
    if [old.version for old in past] != list(range(1, version)):
        raise DeclarationError(
            f"{type_name} v{version}: history must declare versions 1..{version - 1} exactly once"
        )
    _check_dataclass(type_name, cls, schema)
    versions = [
        _version(type_name, old.version, old.schema, old.subject or subject, old.upcast)
        for old in past
    ]
    versions.append(_version(type_name, version, schema, subject, None))
    return EventContract(type_name, cls, tuple(versions))


def _check_dataclass(type_name: str, cls: type, schema: type[Schema]) -> None:
    params = getattr(cls, "__dataclass_params__", None)
    if not dataclasses.is_dataclass(cls) or params is None or not params.frozen:
        raise DeclarationError(f"{type_name}: {cls!r} must be a frozen dataclass")
    names = {f.name for f in dataclasses.fields(cls)}
    declared = set(schema._declared_fields)
    if names != declared:
        raise DeclarationError(
            f"{type_name}: {cls.__name__} fields {sorted(names)} differ from "
            f"{schema.__name__} fields {sorted(declared)}"
        )


def _version(
    type_name: str, version: int, schema: type[Schema], subject: str | None, up: Upcaster | None
) -> SchemaVersion:
    where = f"{type_name} v{version} ({schema.__name__})"
    fields = schema._declared_fields
    for name, field in fields.items():
        if field.data_key not in (None, name) or field.attribute not in (None, name):
            # One name everywhere: dataclass, stored JSON, upcasters and the published schema.
            raise DeclarationError(f"{where}: field {name} must not rename itself")
    if subject is not None and subject not in fields:
        raise DeclarationError(f"{where}: subject field {subject!r} is not in the schema")
    pii: dict[str, str] = {}
    for name, owner in pii_fields(schema, subject).items():
        if owner is None:
            raise DeclarationError(f"{where}: PII field {name} has no subject; declare subject=")
        owner_field = fields.get(owner)
        if owner_field is None or is_pii(owner_field) or not owner_field.required:
            raise DeclarationError(
                f"{where}: subject of PII field {name} must be a required, non-PII field: {owner}"
            )
        pii[name] = owner
    return SchemaVersion(type_name, version, schema, subject, pii, up)


class Registry:
    """Every declared event type, looked up by name and version or by dataclass."""

    def __init__(
        self, contracts: Iterable[EventContract] = (), personal_streams: Iterable[str] = ()
    ) -> None:
        self._by_type: dict[str, EventContract] = {}
        self._by_class: dict[type, EventContract] = {}
        # Stream categories whose ids are derived from personal data (identity.email: from the
        # address): analysts get those ids pseudonymised, like the data (Codec.for_analytics).
        self.personal_streams = frozenset(personal_streams)
        for contract in contracts:
            self.add(contract)

    def add(self, contract: EventContract) -> None:
        if contract.type in self._by_type:
            raise DeclarationError(f"{contract.type} is declared twice")
        if contract.cls in self._by_class:
            raise DeclarationError(f"{contract.cls.__name__} is declared for two event types")
        self._by_type[contract.type] = contract
        self._by_class[contract.cls] = contract

    def contract(self, type_name: str) -> EventContract:
        try:
            return self._by_type[type_name]
        except KeyError:
            raise UnknownEventType(
                f"no contract is declared for event type {type_name!r}"
            ) from None

    def for_class(self, cls: type) -> EventContract:
        try:
            return self._by_class[cls]
        except KeyError:
            raise UnknownEventType(f"{cls.__name__} is not a declared event contract") from None

    def version(self, type_name: str, version: int) -> SchemaVersion:
        contract = self.contract(type_name)
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise UnknownEventType(f"{type_name}: {version!r} is not a schema version")
        if version > len(contract.versions):
            raise UnknownEventType(
                f"{type_name} v{version} is newer than this code knows (latest is "
                f"v{contract.latest.version}): deploy the newer contracts first"
            )
        return contract.versions[version - 1]

    def upcast(self, type_name: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
        """`data` of `version`, brought step by step to the latest version."""
        contract = self.contract(type_name)
        self.version(type_name, version)
        for step in contract.versions[version - 1 : -1]:
            assert step.upcast is not None
            data = step.upcast(dict(data))
        return data

    def __iter__(self) -> Iterator[EventContract]:
        return iter(sorted(self._by_type.values(), key=lambda c: c.type))

    def __contains__(self, type_name: object) -> bool:
        return type_name in self._by_type

    def __len__(self) -> int:
        return len(self._by_type)
