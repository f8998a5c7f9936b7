"""The ops service's read models: who holds the platform's operator role, learnt from
identity's events; and the audit index, every event's lookup keys."""

from collections.abc import Callable

from services.eventstore.codec import Codec
from services.subscriptions import Subscriber

from . import audit_index, operators

# Each read model by name, from the codec and the deployment's pseudonym key: what `quartier
# replay` rebuilds.
READ_MODELS: dict[str, Callable[[Codec, bytes], Subscriber]] = {
    operators.NAME: lambda codec, _key: operators.operators(codec),
    audit_index.NAME: lambda _codec, _key: audit_index.audit_index(),
}

# The audit index decodes no event, so no event's content can stop it; parking one would only
# leave that event out of every audit until a replay (docs/decisions/0046).
NEVER_PARKED = frozenset({audit_index.NAME})
