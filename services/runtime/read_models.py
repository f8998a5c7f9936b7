"""A context's read models, kept caught up: the one Nameko dependency every context's queries
and policies use (Subscriptions), with subscribers built at setup by the context.

Subscribers often need what only the container's config names (the keyring, a key derived
from the root key, the context's own handlers for a policy), so a context hands over a
function of the Platform rather than the subscribers themselves:

    def subscribers(platform: Platform) -> Sequence[Subscriber]:
        opened = codec(platform)
        return (projections.read_model(opened), policies.expiry(opened, handlers(platform)))

    class ListingsQueries:
        name = "listings"
        read = ReadModels(subscribers, queried=(projections.NAME,))

        @rpc
        def search(self, query, after=None):
            if after and not self.read.caught_up(after, 5.0):
                raise ServiceError.not_caught_up(after, 5.0)
            tables = self.read.tables(projections.NAME)
            with self.read.engine.connect() as conn:
                ...

`queried` may name the tables too: `queried={"listings": projections.NAME}` lets a query read
`self.read.listings` (the tables of that subscriber now). A context that needs more on the
worker's side (a lookup key) passes `handle`, a function of the provider answering its own
ReadModelsHandle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy.engine import Connection

from services.subscriptions import Subscriber
from services.subscriptions.database import querying

from .doors import Door, ServiceError
from .platform import Platform
from .subscriptions import Subscriptions, SubscriptionsHandle

# How long a query waits for the read models to reach the position it was given.
CAUGHT_UP_SECONDS = 5.0


class ReadModels(Subscriptions):
    """Subscriptions whose subscribers `build(platform)` makes at setup. `queried` names the
    subscribers queries read (ReadModelsHandle.caught_up waits for those only: a policy is
    never waited for), by default every subscriber; given as a mapping, each key is also the
    handle's attribute answering that subscriber's tables."""

    def __init__(
        self,
        build: Callable[[Platform], Sequence[Subscriber]],
        *,
        queried: Sequence[str] | Mapping[str, str] | None = None,
        handle: Callable[[ReadModels], ReadModelsHandle] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.build = build
        self.named: Mapping[str, str] = queried if isinstance(queried, Mapping) else {}
        if isinstance(queried, Mapping):
            queried = tuple(queried.values())
        self.queried = tuple(queried) if queried is not None else None
        self.handle = handle or ReadModelsHandle

    def setup(self) -> None:
        built = tuple(self.build(self.platform))
        # A wake-up runs the subscribers one after another: the read models queries wait on
        # first, the policies nobody waits on after them.
        first = [s for s in built if self.queried is None or s.name in self.queried]
        self.subscribers = (*first, *(s for s in built if s not in first))
        super().setup()

    def get_dependency(self, worker_ctx: Any) -> ReadModelsHandle:
        return self.handle(self)


class ReadModelsHandle(SubscriptionsHandle):
    """What a query sees: the read-model engine, the tables of each subscriber, the log's head,
    and read-your-writes waiting on the read models queries use."""

    def __init__(self, provider: ReadModels) -> None:
        super().__init__(provider)
        self.platform = provider.platform
        self.engine = provider.platform.engine()
        self._queried = provider.queried
        self._named = provider.named

    def __getattr__(self, name: str) -> Any:
        # Only names the provider's `queried` mapping gives: anything else is a plain miss.
        named = self.__dict__.get("_named", {})
        if name not in named:
            raise AttributeError(name)
        return self.tables(named[name])

    def caught_up(self, position: Any, timeout: float) -> bool:
        """True once every queried read model has applied the log up to `position`; False
        after `timeout` seconds, all of them together."""
        names = self._queried if self._queried is not None else tuple(self.names)
        return self.reached(position, names, timeout)

    def head(self) -> Any:
        """The log's last position now."""
        return self.platform.store().head()


@contextmanager
def reading(read: ReadModelsHandle, after: Any, door: Door) -> Iterator[Connection]:
    """A connection to the read models, once the queried ones have applied `after` (a position
    a command answered; None reads at once). A malformed position is the door's
    invalid_request; one not reached within CAUGHT_UP_SECONDS is not_caught_up, for the caller
    to retry."""
    if after is not None:
        position = door.text(after, "after", 100)
        try:
            caught_up = read.caught_up(position, CAUGHT_UP_SECONDS)
        except (ValueError, TypeError):
            raise door.invalid("after must be a position returned by a command") from None
        if not caught_up:
            raise ServiceError.not_caught_up(position, CAUGHT_UP_SECONDS)
    with read.engine.connect() as conn:
        yield querying(conn)


def reader(door: Door) -> Callable[[Any, Any], AbstractContextManager[Connection]]:
    """`reading(service, after)` for the doors behind `door`, whose service holds its read
    models as `service.read`."""

    def reading_of(service: Any, after: Any) -> AbstractContextManager[Connection]:
        return reading(service.read, after, door)

    return reading_of
