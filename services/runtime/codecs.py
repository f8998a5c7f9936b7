"""The codec a context's composition root builds over its container's platform: every contract
known, PII opened with the residents' keys from the platform's keyring, pseudonyms keyed by the
deployment's pseudonym key."""

from __future__ import annotations

from contracts import default_registry
from services.eventstore.codec import Codec

from .keys import root_key
from .platform import Platform


def codec(platform: Platform) -> Codec:
    return Codec(default_registry(), platform.keyring(), root_key(platform.settings))
