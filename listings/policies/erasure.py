"""Erasure of photos: when a resident is erased, the files of every photo they uploaded are
deleted from the photo storage, and each deletion is recorded (PhotoDeleted, cause "erased").

The policy keeps, in a table of its own filled from listings' photo events in log order, who
uploaded which photo that is not deleted yet. The files go first, then the event: run again
after a crash between the two (or over a message delivered twice), it deletes nothing more
(deleting is idempotent) and records the same command, whose id comes from the erasure's event.

    subscriber = erasure(codec, handlers, storage)
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import ResidentErased
from contracts.listings.photos import PhotoDeleted, PhotoUploaded
from listings.commands import DeletePhoto
from listings.handlers import SYSTEM
from listings.policies.withdrawals import RunsCommands
from listings.ports import PhotoStorage
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber, generations

NAME = "listings.photo_erasure"
VERSION = 1
TYPES = ("listings.PhotoUploaded", "listings.PhotoDeleted", "identity.ResidentErased")
_NAMESPACE = uuid.UUID("5d0f9b8e-2a1c-4f6e-9a57-1c3e8b7d2f60")


def command_id_for(event_id: uuid.UUID, photo_id: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"erase/{event_id}/{photo_id}")


PHOTOS = sa.Table(
    "listings_policy_photos",
    sa.MetaData(),
    sa.Column("photo_id", sa.String(36), primary_key=True),
    sa.Column("uploader_id", sa.String(36), nullable=False, index=True),
)
define = generations(photos=PHOTOS)


def erasure(codec: Codec, handlers: RunsCommands, storage: PhotoStorage) -> Subscriber:
    def handle(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent) -> None:
        event = codec.decode(recorded).event
        for photo_id in react(tx, t, event):
            storage.delete(photo_id)
            command_id = command_id_for(recorded.event_id, str(photo_id))
            handlers.run(DeletePhoto(command_id, photo_id, "erased", event.erased_at), SYSTEM)

    return Subscriber(NAME, handle, define=define, types=TYPES, version=VERSION)


def react(tx: Connection, t: SimpleNamespace, event: Any) -> list[uuid.UUID]:
    """Follow who uploaded which photo; the photos an erasure deletes."""
    p = t.photos
    match event:
        case PhotoUploaded():
            photo_id = str(event.photo_id)
            if tx.execute(sa.select(p).where(p.c.photo_id == photo_id)).first() is None:
                tx.execute(p.insert().values(photo_id=photo_id, uploader_id=str(event.uploader_id)))
        case PhotoDeleted():
            tx.execute(p.delete().where(p.c.photo_id == str(event.photo_id)))
        case ResidentErased():
            rid = str(event.resident_id)
            owned = tx.execute(sa.select(p.c.photo_id).where(p.c.uploader_id == rid)).scalars()
            # Kept until their PhotoDeleted comes back: a crash before the commands are
            # recorded deletes (nothing more) and records them again.
            return [uuid.UUID(photo_id) for photo_id in owned]
    return []
