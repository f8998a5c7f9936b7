"""Listings' composition root for Nameko: the handlers over the platform's event store, the
photo processor and storage, the read models and the policies kept caught up, built from the
container's config when the service starts (nothing at import).

What this context knows of memberships, roles and residents it learns from neighbourhoods' and
identity's events only (projections/facts.py); the codec opens identity's events with the
residents' keys (the platform's keyring).
"""

from __future__ import annotations

from typing import Any

from eventlet import tpool
from nameko.extensions import DependencyProvider

from listings.adapters.photos import PillowPhotoProcessor
from listings.adapters.storage import FilePhotoStorage
from listings.commands import Limits, Settings
from listings.handlers import ListingHandlers
from listings.policies import erasure, withdrawals
from listings.ports import PhotoProcessor, PhotoStorage, ProcessedPhoto
from listings.projections import bookings, exchanges, facts
from listings.projections import listings as projections
from services.runtime.codecs import codec
from services.runtime.platform import Platform
from services.runtime.tunables import whole
from services.runtime.wiring import built

# The read models queries read, by the name they read them; the policies are never waited for.
QUERIED = {
    "facts": facts.NAME,
    "listings": projections.NAME,
    "bookings": bookings.NAME,
    "exchanges": exchanges.NAME,
}


def settings(config: Any) -> Settings:
    """The posting limits: QUARTIER_LISTINGS_PER_DAY (new listings per resident in any 24 hours,
    default 20) and QUARTIER_ALERTS_PER_DAY (alerts per resident and neighbourhood, 3)."""
    default = Limits()
    return Settings(
        limits=Limits(
            listings=whole(config, "QUARTIER_LISTINGS_PER_DAY", default.listings),
            alerts=whole(config, "QUARTIER_ALERTS_PER_DAY", default.alerts),
            window=default.window,
        )
    )


handlers = built(ListingHandlers, settings)


def storage(platform: Platform) -> PhotoStorage:
    """Files under <data dir>/photos/."""
    return FilePhotoStorage.in_data_dir(platform.settings.data_dir)


class Photos:
    """What the photo doors use: the processor that re-encodes an upload, the storage."""

    def __init__(self, processor: PhotoProcessor, storage: PhotoStorage) -> None:
        self.processor = processor
        self.storage = storage


class OnThread:
    """A processor whose decoding runs on an OS thread (eventlet.tpool): re-encoding a large
    photo takes about a second of C code, during which the service's other green threads (its
    other doors, its subscribers) would otherwise stall (docs/decisions/0002)."""

    def __init__(self, processor: PhotoProcessor) -> None:
        self.processor = processor

    def process(self, raw: bytes) -> ProcessedPhoto:
        processed: ProcessedPhoto = tpool.execute(self.processor.process, raw)
        return processed


class PhotoFiles(DependencyProvider):
    """The Pillow processor, off the hub, and the photos folder of this deployment."""

    platform = Platform()

    def setup(self) -> None:
        self.photos = Photos(OnThread(PillowPhotoProcessor()), storage(self.platform))

    def get_dependency(self, worker_ctx: Any) -> Photos:
        return self.photos


def subscribers(platform: Platform) -> tuple[Any, ...]:
    """The read models (listings' own, and the facts learned from the other contexts) and the
    policies: they need the keyring, the handlers and the storage, which only the container's
    config names."""
    opened = codec(platform)
    run = handlers(platform)
    return (
        facts.facts(opened),
        projections.read_model(opened),
        withdrawals.withdrawals(opened, run),
        erasure.erasure(opened, run, storage(platform)),
        bookings.read_model(opened),
        exchanges.read_model(opened),
    )
