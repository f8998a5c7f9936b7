"""The listings context's read models: what it learns of members and residents from the other
contexts' events (facts.py), its listings and their search (listings.py, search.py), and their
queries (queries.py, moderation.py, photos.py)."""

from collections.abc import Callable

from services.eventstore.codec import Codec
from services.subscriptions import Subscriber

from . import facts, listings

# Each read model by name, from the codec and the deployment's pseudonym key: what `quartier
# replay` rebuilds (policies are not here: replaying one would act again).
READ_MODELS: dict[str, Callable[[Codec, bytes], Subscriber]] = {
    facts.NAME: lambda codec, _key: facts.facts(codec),
    listings.NAME: lambda codec, _key: listings.read_model(codec),
}
