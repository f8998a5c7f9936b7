"""The identity context's read model: residents, their roles and their addresses' verification
(residents.py, verification.py), and its queries (queries.py)."""

from __future__ import annotations

from collections.abc import Callable

from services.eventstore.codec import Codec
from services.subscriptions import Subscriber

from . import residents

# Each read model by name, from the codec and the deployment's pseudonym key: what `quartier
# replay` rebuilds (policies are not here: replaying one would act again).
READ_MODELS: dict[str, Callable[[Codec, bytes], Subscriber]] = {
    residents.NAME: lambda codec, key: residents.read_model(codec, residents.email_lookup_key(key)),
}
