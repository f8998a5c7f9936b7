"""Decoding a batch of the log for a rebuild, each event type's work laid out once.

`Codec.trusting().decode_all` reads every event of a replay. Done by the general path, each
event walked its data twice (opening the sealed values, then converting each field), asked the
registry for its contract three times and parsed the same ids again and again: about a third
of a replay's time (docs/decisions/0038). Here each (event type, schema version) gets a plan
when it is first seen: its fields in the order the schema converts them, which are personal
and under whose subject, the head of each one's associated data, the dataclass to build.
An event is then decoded in one pass over that plan; within one batch, an id, a timestamp
or an envelope's metadata met again is the same immutable object already made.

The plan covers the common case only: an event at its latest version, of a schema that
`contracts.trusted` converts field by field, whose personal values open with the keys the
batch holds. Anything else (an old version to upcast, an unknown field or type, a value that
does not convert or fails authentication, a subject the batch holds no key for) returns None,
and the codec decodes that event by its general path, which raises what it always raises.
`decode_all` of either codec thus yields equal events (tests/unit/platform/test_rebuild_decode.py).
"""

from __future__ import annotations

import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from marshmallow import missing

from contracts.envelope import Metadata
from contracts.errors import UnknownEventType
from contracts.pii import ERASED, is_erased
from contracts.registry import Registry
from contracts.trusted import names_of, steps_of, to_uuid

from .sealing import MARKER, NONCE_BYTES, aad, plain_json

# name, converter, required, None allowed, value when absent, subject field (None: not PII),
# and for a personal field the head of its associated data
Field = tuple[str, Callable[[Any, Mapping[str, Any]], Any], bool, bool, Any, str | None, str]
# within one batch: values already made, by their text (ids, metadata)
Seen = dict[Any, Any]


class _Declined(Exception):
    """This event is the general path's to decode."""


@dataclass(frozen=True)
class Plan:
    names: frozenset[str]
    fields: tuple[Field, ...]
    build: Callable[..., Any]


def plan(registry: Registry, type_name: str, version: int) -> Plan | None:
    """How events of `type_name` at `version` decode, or None when the general path must."""
    try:
        spec = registry.version(type_name, version)
        contract = registry.contract(type_name)
    except UnknownEventType:
        return None
    steps = steps_of(spec.schema)
    if spec is not contract.latest or steps is None:
        return None
    if any(owner in spec.pii for owner in spec.pii.values()):
        return None  # a subject that is itself sealed: opened in the general path's order
    fields = tuple(
        (*step, spec.pii.get(step[0]), _head(spec.type, step[0], spec.pii.get(step[0])))
        for step in steps
    )
    return Plan(names_of(spec.schema), fields, contract.cls)


def _head(event_type: str, field: str, owner: str | None) -> str:
    # aad(type, field, subject) is this head, the subject's JSON text and "]".
    return "" if owner is None else aad(event_type, field, "").decode()[: -len('""]')]


def decode(
    plan: Plan, data: Mapping[str, Any], openers: Mapping[str, AESGCM | None], seen: Seen
) -> tuple[Any, frozenset[str]] | None:
    """The event's dataclass and its erased fields, as the general path would make them, or
    None when that path must decide."""
    if not data.keys() <= plan.names:
        return None
    loaded: dict[str, Any] = {}
    erased: list[str] = []
    try:
        # The same field rules as contracts/trusted.py's steps, with the sealed value opened in
        # the same pass: written out here rather than shared, because a call per field is what
        # this path exists to save. test_rebuild_decode.py holds the two to the same results.
        for name, convert, required, nullable, absent, owner, head in plan.fields:
            value = data.get(name, missing)
            if value is missing:
                if required:
                    return None
                if absent is not missing:
                    loaded[name] = absent() if callable(absent) else absent
                continue
            if owner is not None:
                value = _open(value, data.get(owner), head, openers)
                if value is ERASED:
                    loaded[name] = ERASED
                    erased.append(name)
                    continue
            elif type(value) is dict and MARKER in value:
                return None  # sealed where nothing is personal: the general path refuses it
            if value is None:
                if not nullable:
                    return None
                loaded[name] = None
            elif is_erased(value):
                loaded[name] = ERASED
                erased.append(name)
            elif convert is to_uuid and type(value) is str:
                made = seen.get(value)
                if made is None:
                    made = seen[value] = UUID(value)
                loaded[name] = made
            else:
                loaded[name] = convert(value, data)
    except Exception:
        return None
    return plan.build(**loaded), frozenset(erased)


def _open(value: Any, subject: Any, head: str, openers: Mapping[str, AESGCM | None]) -> Any:
    if type(value) is not dict or len(value) != 1 or type(token := value.get(MARKER)) is not str:
        raise _Declined
    if type(subject) is not str or not subject:
        raise _Declined  # an int, a bool or nothing: the general path's checks and messages
    if subject not in openers:
        raise _Declined
    key = openers[subject]
    if key is None:
        return ERASED
    blob = binascii.a2b_base64(token, strict_mode=True)
    associated = (head + encode_basestring_ascii(subject) + "]").encode()
    return plain_json(key.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated).decode())


def metadata(stored: Mapping[str, Any], seen: Seen) -> Metadata:
    """Metadata.from_dict(stored, strict=False), one object for each envelope met again (the
    events of one command share it)."""
    key = (stored.get("correlation_id", ""), stored.get("causation_id"), stored.get("actor", ""))
    try:
        made = seen.get(key)
    except TypeError:  # a value that is no text: from_dict names the fault
        return Metadata.from_dict(stored, strict=False)
    if made is None:
        made = seen[key] = Metadata.from_dict(stored, strict=False)
    return made
