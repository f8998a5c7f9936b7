"""The neighbourhoods context's read models: their tables, the subscribers that fill them and
their queries."""

from collections.abc import Callable

from services.eventstore.codec import Codec
from services.subscriptions import Subscriber

from . import neighbourhoods, residents

# Each read model by name, from the codec and the deployment's pseudonym key: what `quartier
# replay` rebuilds (policies are not here: replaying one would act again).
READ_MODELS: dict[str, Callable[[Codec, bytes], Subscriber]] = {
    neighbourhoods.NAME: lambda codec, _key: neighbourhoods.read_model(codec),
    residents.NAME: lambda codec, _key: residents.residents(codec),
}
