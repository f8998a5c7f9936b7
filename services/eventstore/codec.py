"""The codec: contract dataclasses to stored events and back, with personal data encrypted.

Each PII value is JSON-serialised and sealed with AES-GCM under its subject's key (see sealing.py).
Once the subject is erased it reads back as ERASED. Analysts get keyed-HMAC pseudonyms instead.

    codec = Codec(registry, keyring, pseudonym_key)
    store.append(stream, [codec.encode(event, metadata)], expected_version=NO_STREAM)
    decoded = codec.decode(recorded)
    batch = codec.decode_all(recorded_events)     # each subject's key asked once
    rebuilding = codec.trusting()                 # for rebuilds: see contracts/trusted.py
"""

from __future__ import annotations

import binascii
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from contracts.envelope import Metadata
from contracts.errors import (
    InvalidEventData,
    SubjectErased,
    UnknownEventType,
    UnreadablePersonalData,
)
from contracts.pii import ERASED, is_erased
from contracts.registry import Registry, SchemaVersion
from contracts.trusted import load_trusted
from contracts.validation import dump_valid, load_valid

from . import rebuild_decode
from .keyring import InvalidSubject, Keyring
from .model import NewEvent, Position, RecordedEvent, category_of
from .sealing import MARKER, aad, is_sealed, opener, pseudonym, seal, stream_pseudonym, unseal

__all__ = ["MARKER", "Codec", "DecodedEvent", "SubjectErased"]

E = TypeVar("E")
# A subject's cipher for the values being decoded, or None once they are erased. Kept for one
# call (one event, or one batch of decode_all) and never longer: an erased key must not linger.
Openers = dict[str, AESGCM | None]


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

    @property
    def position(self) -> Position:
        return self.recorded.position


class Codec:
    """Encode contract dataclasses into NewEvents, decode RecordedEvents back into them."""

    def __init__(
        self, registry: Registry, keyring: Keyring, pseudonym_key: bytes, trusted: bool = False
    ) -> None:
        if not isinstance(pseudonym_key, bytes) or len(pseudonym_key) < 32:
            raise ValueError("the pseudonym key must be at least 32 random bytes")
        self._registry = registry
        self._keyring = keyring
        self._pseudonym_key = pseudonym_key
        self._load = load_trusted if trusted else load_valid
        self._trusted = trusted
        self._plans: dict[tuple[str, int], rebuild_decode.Plan | None] = {}

    def trusting(self) -> Codec:
        """This codec for rebuilding read models from the log it wrote: each event's data is
        converted back without its schema's validators running again (contracts/trusted.py);
        data that does not convert is refused with the same InvalidEventData as `decode`."""
        return Codec(self._registry, self._keyring, self._pseudonym_key, trusted=True)

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
        data = dump_valid(spec, event)
        keys: dict[str, bytes] = {}
        for field, owner in spec.pii.items():
            if field not in data:
                continue
            if is_erased(data[field]):
                raise InvalidEventData(f"{spec.label}: {field} holds ERASED; it cannot be stored")
            subject = _subject(spec, data, owner)
            if subject not in keys:
                keys[subject] = self._keyring.key_for(subject)
            try:
                data[field] = seal(keys[subject], aad(spec.type, field, subject), data[field])
            except (TypeError, ValueError):
                raise InvalidEventData(f"{spec.label}: {field} is not a JSON value") from None
        _check_storable(spec, data)
        return NewEvent(
            type=spec.type,
            data=data,
            metadata=meta.to_dict(),
            event_id=event_id if event_id is not None else uuid.uuid4(),
            schema_version=spec.version,
        )

    def decode(self, recorded: RecordedEvent) -> DecodedEvent[Any]:
        """The event as its latest contract dataclass; an erased subject's PII fields are ERASED.

        Raises UnknownEventType, UnreadablePersonalData (altered value, or not the keyring that
        wrote it) or InvalidEventData (stored data its schema no longer accepts).
        """
        return self._decoded(recorded, {})

    def decode_all(self, recorded: Sequence[RecordedEvent]) -> list[DecodedEvent[Any]]:
        """`decode` of each event, in order, the keys of their subjects asked of the keyring
        once for all of them rather than once per event."""
        openers = self._openers(recorded)
        if not self._trusted:
            return [self._decoded(r, openers) for r in recorded]
        return self._rebuilt(recorded, openers)

    def _rebuilt(
        self, recorded: Sequence[RecordedEvent], openers: Openers
    ) -> list[DecodedEvent[Any]]:
        """`decode_all` of a trusting codec: each event by its type's plan (rebuild_decode.py),
        or by `_decoded` where the plan declines it."""
        plans, decoded = self._plans, []
        seen: rebuild_decode.Seen = {}
        for r in recorded:
            kind = (r.type, r.schema_version)
            if kind not in plans and type(r.schema_version) is int:
                plans[kind] = rebuild_decode.plan(self._registry, *kind)
            made = plans.get(kind) if type(r.schema_version) is int else None
            done = None if made is None else rebuild_decode.decode(made, r.data, openers, seen)
            if done is None:
                decoded.append(self._decoded(r, openers))
            else:
                meta = rebuild_decode.metadata(r.metadata, seen)
                decoded.append(DecodedEvent(done[0], meta, done[1], r))
        return decoded

    def _decoded(self, recorded: RecordedEvent, openers: Openers) -> DecodedEvent[Any]:
        data, latest = self._plain(recorded, openers)
        loaded, erased = self._load(latest, data)
        event = self._registry.contract(latest.type).cls(**loaded)
        metadata = Metadata.from_dict(recorded.metadata, strict=False)
        return DecodedEvent(event, metadata, erased, recorded)

    def openers(self, recorded: Sequence[RecordedEvent]) -> Openers:
        """The ciphers of every subject whose personal values `recorded` hold, from one
        keyring look-up: what `for_analytics(..., keys=)` of a batch starts from. A subject left
        out (never known, or not an id) is asked again, and named, event by event."""
        return self._openers(recorded)

    def _openers(self, recorded: Sequence[RecordedEvent]) -> Openers:
        """The ciphers of every subject whose personal values `recorded` hold, from one
        keyring look-up; a subject left out (never known, or not an id) is asked again by
        `_plain`, which names the fault as `decode` does."""
        subjects: set[str] = set()
        owners: dict[tuple[str, int], frozenset[str]] = {}
        for event in recorded:
            kind = (event.type, event.schema_version)
            if kind not in owners:
                try:
                    spec = self._registry.version(*kind)
                except UnknownEventType:
                    owners[kind] = frozenset()
                    continue
                owners[kind] = frozenset(spec.pii.values())
            for owner in owners[kind]:
                subject = event.data.get(owner)
                if isinstance(subject, str | int) and not isinstance(subject, bool):
                    subjects.add(str(subject))
        if not subjects:
            return {}
        try:
            keys = self._keyring.keys(subjects)
        except InvalidSubject:
            return {}  # a subject that is no id: each event is asked on its own, and named
        return {s: None if key is None else opener(key) for s, key in keys.items()}

    def for_analytics(
        self,
        recorded: RecordedEvent,
        keys: Openers | None = None,
        envelope: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The event for analysts, upcast to its latest version, each PII value replaced by a
        stable pseudonym (erased values stay ERASED). Never holds ciphertext.

        `keys`, when given, keeps each subject's cipher (None once erased) between calls, so that a
        batch looks each subject up once; an erasure is then seen from the next fresh dict on.
        `envelope`, when given, is `recorded.envelope()` already made (the relay's own message's),
        read and not changed."""
        data, latest = self._plain(recorded, {} if keys is None else keys)
        for field, owner in latest.pii.items():
            if field in data and not is_erased(data[field]):
                subject = _subject(latest, data, owner)
                data[field] = pseudonym(self._pseudonym_key, subject, field, data[field])
        return {
            **(recorded.envelope() if envelope is None else envelope),
            "stream": self.analysts_stream(recorded.stream),
            "schema_version": latest.version,
            "data": data,
            "metadata": dict(recorded.metadata),
        }

    def analysts_stream(self, stream: str) -> str:
        """The stream's name as analysts get it: pseudonymised where personal data makes it."""
        category = category_of(stream)
        if category not in self._registry.personal_streams:
            return stream
        return stream_pseudonym(self._pseudonym_key, category, stream)

    def _plain(
        self, recorded: RecordedEvent, keys: Openers
    ) -> tuple[dict[str, Any], SchemaVersion]:
        """The recorded data with PII opened (or ERASED), upcast to the latest version; `keys`
        holds the subjects' ciphers known so far, and gets those this event asks for."""
        spec = self._registry.version(recorded.type, recorded.schema_version)
        data = dict(recorded.data)
        for name, value in recorded.data.items():
            if name not in spec.pii:
                if is_sealed(value):
                    raise UnreadablePersonalData(f"{spec.label}: {name} is sealed but not PII")
                continue
            if not is_sealed(value):
                raise UnreadablePersonalData(f"{spec.label}: PII field {name} is not sealed")
            subject = _subject(spec, data, spec.pii[name])
            if subject not in keys:
                keys[subject] = self._key(spec, subject)
            key = keys[subject]
            if key is None:
                data[name] = ERASED
                continue
            try:
                data[name] = unseal(key, aad(spec.type, name, subject), value)
            except (InvalidTag, binascii.Error, ValueError):
                raise UnreadablePersonalData(
                    f"{spec.label}: {name} of subject {subject} fails authentication"
                    " (altered, or sealed under another key)"
                ) from None
        latest = self._registry.contract(spec.type).latest
        if spec is latest:
            return data, latest  # nothing to upcast
        return self._registry.upcast(spec.type, spec.version, data), latest

    def _key(self, spec: SchemaVersion, subject: str) -> AESGCM | None:
        """The subject's cipher, or None once they are erased."""
        key = self._keyring.get(subject)
        if key is None and not self._keyring.is_erased(subject):
            raise UnreadablePersonalData(
                f"{spec.label}: no key for subject {subject}, who was never erased;"
                " is this the keyring that wrote the event?"
            )
        return None if key is None else opener(key)


def _check_storable(spec: SchemaVersion, data: Mapping[str, Any]) -> None:
    # Every adapter stores UTF-8 JSON: a value that is not (a lone surrogate, a NaN) would only
    # fail inside the store, after other streams of the same command were written.
    for field, value in data.items():
        try:
            json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError):
            raise InvalidEventData(f"{spec.label}: {field} cannot be stored as JSON") from None


def _subject(spec: SchemaVersion, data: Mapping[str, Any], owner: str) -> str:
    subject = data.get(owner)
    if not isinstance(subject, str | int) or isinstance(subject, bool) or subject == "":
        raise InvalidEventData(f"{spec.label}: subject field {owner} holds no id")
    return str(subject)
