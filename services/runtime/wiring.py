"""What every context's composition root does alike: its handlers built over this deployment's
event store, codec and wall clock when the service starts (nothing at import), handed to every
worker, and its doors set on its Nameko class from one table.

    handlers = built(ListingHandlers, settings)       # settings(config) -> the rules' numbers

    class ListingsService:
        name = "listings"
        handlers = Handlers(wiring.handlers)
        read = ReadModels(subscribers, queried={"listings": projections.NAME})

    with_doors(ListingsService, DOORS)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from nameko.extensions import DependencyProvider

from .codecs import codec
from .platform import Platform

H = TypeVar("H")
T = TypeVar("T", bound=type)


def now() -> datetime:
    """The wall clock the handlers read (the domain gets time in its commands)."""
    return datetime.now(UTC)


def built(
    make: Callable[..., H], settings: Callable[[Mapping[str, Any]], Any] | None = None
) -> Callable[[Platform], H]:
    """The function building a context's handlers: `make(store, codec, clock[, settings])`, with
    the rules' numbers `settings` reads from the container's config when it is given."""

    def build(platform: Platform) -> H:
        parts: tuple[Any, ...] = (platform.store(), codec(platform), now)
        if settings is not None:
            parts = (*parts, settings(platform.container.config))
        return make(*parts)

    return build


class Handlers(DependencyProvider):
    """A context's handlers, built once by `build(platform)` when the service starts and shared
    by its workers."""

    platform = Platform()

    def __init__(self, build: Callable[[Platform], Any]) -> None:
        self.build = build

    def setup(self) -> None:
        self.handlers = self.build(self.platform)

    def get_dependency(self, worker_ctx: Any) -> Any:
        return self.handlers


def with_doors(service: T, doors: Iterable[Callable[..., Any]]) -> T:
    """`service` with each door set under its own name: a context's one table of doors is the
    only place a new door is added."""
    for door in doors:
        setattr(service, door.__name__, door)
    return service
