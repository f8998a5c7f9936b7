"""The codec: contract dataclasses to stored events and back, with personal data encrypted.

Each PII value is JSON-serialised and sealed with AES-GCM under its subject's key; the stored value
is `{"$pii": "<base64 nonce+ciphertext>"}`, bound to the event type, field and subject. Once the
subject is erased it reads back as ERASED. Analysts get keyed-HMAC pseudonyms instead.

    codec = Codec(registry, keyring, pseudonym_key)
    store.append(stream, [codec.encode(event, metadata)], expected_version=NO_STREAM)
    decoded = codec.decode(recorded)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from marshmallow import ValidationError

from contracts.envelope import Metadata
from contracts.errors import InvalidEventData, SubjectErased, UnreadablePersonalData
from contracts.pii import ERASED, is_erased
from contracts.registry import Registry, SchemaVersion

from .keyring import Keyring
from .model import NewEvent, RecordedEvent

__all__ = ["MARKER", "Codec", "DecodedEvent", "SubjectErased"]

MARKER = "$pii"
NONCE_BYTES = 12
WITHHELD = "invalid value (withheld: personal data)"

E = TypeVar("E")


@dataclass(frozen=True)
class DecodedEvent(Generic[E]):
    """A recorded event read back: its contract dataclass at the latest version, its metadata,
    the names of the fields whose subject was erased, and the raw recorded envelope."""

    event: E
    metadata: Metadata
    erased: frozenset[str]
    recorded: RecordedEvent

    @property
    def event_id(self) -> uuid.UUID:
        return self.recorded.event_id

    @property
    def stream(self) -> str:
        return self.recorded.stream


class Codec:
    """Encode contract dataclasses into NewEvents, decode RecordedEvents back into them."""

    def __init__(self, registry: Registry, keyring: Keyring, pseudonym_key: bytes) -> None:
        if not isinstance(pseudonym_key, bytes) or len(pseudonym_key) < 32:
            raise ValueError("the pseudonym key must be at least 32 random bytes")
        self._registry = registry
        self._keyring = keyring
        self._pseudonym_key = pseudonym_key

    def encode(
        self,
        event: object,
        metadata: Metadata | Mapping[str, Any],
        event_id: uuid.UUID | None = None,
    ) -> NewEvent:
        """Validate `event` against its contract and seal its PII; nothing invalid gets out.

        Raises UnknownEventType, InvalidEventData, or SubjectErased when it holds personal data
        of a subject who has been erased.
        """
        spec = self._registry.for_class(type(event)).latest
        meta = metadata if isinstance(metadata, Metadata) else Metadata.from_dict(metadata)
        schema = spec.schema()
        try:
            data: dict[str, Any] = schema.dump(event)
        except Exception as exc:  # a field of the wrong type; its message may quote the value
            raise InvalidEventData(
                f"{_name(spec)} cannot be serialised ({type(exc).__name__})"
            ) from None
        errors = schema.validate(data)
        if errors:
            raise _invalid(spec, errors, data)
        keys: dict[str, bytes] = {}
        for field, owner in spec.pii.items():
            if field not in data:
                continue
            if is_erased(data[field]):
                raise InvalidEventData(f"{_name(spec)}: {field} holds ERASED; it cannot be stored")
            subject = _subject(spec, data, owner)
            if subject not in keys:
                keys[subject] = self._keyring.key_for(subject)
            data[field] = _seal(keys[subject], _aad(spec.type, field, subject), data[field])
        return NewEvent(
            type=spec.type,
            data=data,
            metadata=meta.to_dict(),
            event_id=event_id if event_id is not None else uuid.uuid4(),
            schema_version=spec.version,
        )

    def decode(self, recorded: RecordedEvent) -> DecodedEvent[Any]:
        """The event as its latest contract dataclass; an erased subject's PII fields are ERASED.

        Raises UnknownEventType, UnreadablePersonalData (tampered value or wrong keyring) or
        InvalidEventData (stored data its schema no longer accepts).
        """
        data, latest = self._plain(recorded)
        erased = frozenset(name for name, value in data.items() if is_erased(value))
        readable = {name: value for name, value in data.items() if name not in erased}
        try:
            loaded: dict[str, Any] = latest.schema().load(readable, partial=tuple(erased))
        except ValidationError as exc:
            raise _invalid(latest, exc.messages_dict, data) from None
        loaded.update(dict.fromkeys(erased, ERASED))
        event = self._registry.contract(latest.type).cls(**loaded)
        return DecodedEvent(
            event, Metadata.from_dict(recorded.metadata, strict=False), erased, recorded
        )

    def for_analytics(self, recorded: RecordedEvent) -> dict[str, Any]:
        """The event for analysts, upcast to its latest version, each PII value replaced by a
        stable pseudonym (erased values stay ERASED). Never holds ciphertext."""
        data, latest = self._plain(recorded)
        for field, owner in latest.pii.items():
            if field in data and not is_erased(data[field]):
                data[field] = self.pseudonym(_subject(latest, data, owner), field, data[field])
        return {
            "event_id": str(recorded.event_id),
            "stream": recorded.stream,
            "version": recorded.version,
            "position": str(recorded.position),
            "type": recorded.type,
            "schema_version": latest.version,
            "data": data,
            "metadata": dict(recorded.metadata),
            "recorded_at": recorded.recorded_at.isoformat(),
        }

    def pseudonym(self, subject: str, field: str, value: Any) -> str:
        """The same (subject, field, value) always gives the same pseudonym; no one without the
        pseudonym key can tell which value it stands for."""
        message = json.dumps([subject, field, value], sort_keys=True, ensure_ascii=False)
        digest = hmac.new(self._pseudonym_key, message.encode(), hashlib.sha256).hexdigest()
        return "psn_" + digest[:32]

    def _plain(self, recorded: RecordedEvent) -> tuple[dict[str, Any], SchemaVersion]:
        """The recorded data with PII opened (or ERASED), upcast to the latest version."""
        spec = self._registry.version(recorded.type, recorded.schema_version)
        data = dict(recorded.data)
        keys: dict[str, bytes | None] = {}
        for name, value in recorded.data.items():
            sealed = isinstance(value, dict) and set(value) == {MARKER}
            if name not in spec.pii:
                if sealed:
                    raise UnreadablePersonalData(f"{_name(spec)}: {name} is sealed but not PII")
                continue
            if not sealed:
                raise UnreadablePersonalData(f"{_name(spec)}: PII field {name} is not sealed")
            subject = _subject(spec, data, spec.pii[name])
            if subject not in keys:
                keys[subject] = self._keyring.get(subject)
            key = keys[subject]
            if key is None:
                if not self._keyring.is_erased(subject):
                    raise UnreadablePersonalData(
                        f"{_name(spec)}: no key for subject {subject}, who was never erased;"
                        " is this the keyring that wrote the event?"
                    )
                data[name] = ERASED
                continue
            try:
                data[name] = _open(key, _aad(spec.type, name, subject), value[MARKER])
            except (InvalidTag, binascii.Error, ValueError):
                raise UnreadablePersonalData(
                    f"{_name(spec)}: {name} of subject {subject} fails authentication"
                    " (altered, or sealed under another key)"
                ) from None
        latest = self._registry.contract(spec.type).latest
        return self._registry.upcast(spec.type, spec.version, data), latest


def _name(spec: SchemaVersion) -> str:
    return f"{spec.type} v{spec.version}"


def _subject(spec: SchemaVersion, data: Mapping[str, Any], owner: str) -> str:
    subject = data.get(owner)
    if not isinstance(subject, str | int) or isinstance(subject, bool) or subject == "":
        raise InvalidEventData(f"{_name(spec)}: subject field {owner} holds no id")
    return str(subject)


def _aad(event_type: str, field: str, subject: str) -> bytes:
    # Binding the ciphertext to where it belongs stops it being replayed into another field,
    # event type or person.
    return json.dumps(["quartier.pii/1", event_type, field, subject]).encode()


def _seal(key: bytes, aad: bytes, value: Any) -> dict[str, str]:
    plain = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    nonce = os.urandom(NONCE_BYTES)
    sealed = nonce + AESGCM(key).encrypt(nonce, plain.encode(), aad)
    return {MARKER: base64.b64encode(sealed).decode("ascii")}


def _open(key: bytes, aad: bytes, token: object) -> Any:
    if not isinstance(token, str):
        raise ValueError("not a sealed value")
    blob = base64.b64decode(token, validate=True)
    return json.loads(AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad))


def _invalid(spec: SchemaVersion, errors: Any, data: Mapping[str, Any]) -> InvalidEventData:
    """The validation error, its messages stripped of any personal value they might quote."""
    flat: dict[str, list[str]] = {}
    _flatten(errors, "", flat)
    for path, messages in flat.items():
        field = path.split(".", 1)[0]
        if field in spec.pii:
            shown = "" if is_erased(data.get(field)) else str(data.get(field, ""))
            flat[path] = [m if not shown or shown not in m else WITHHELD for m in messages]
    detail = "; ".join(f"{path}: {' '.join(messages)}" for path, messages in sorted(flat.items()))
    return InvalidEventData(f"{_name(spec)} is invalid: {detail}", flat)


def _flatten(errors: Any, prefix: str, out: dict[str, list[str]]) -> None:
    if isinstance(errors, dict):
        for key, value in errors.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(errors, list | tuple):
        for item in errors:
            _flatten(item, prefix, out)
    else:
        out.setdefault(prefix or "_schema", []).append(str(errors))
