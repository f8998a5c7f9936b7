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
from services.subscriptions import Subscriber

NAME = "listings.photo_erasure"
VERSION = 1
TYPES = ("listings.PhotoUploaded", "listings.PhotoDeleted", "identity.ResidentErased")
_NAMESPACE = uuid.UUID("5d0f9b8e-2a1c-4f6e-9a57-1c3e8b7d2f60")


def command_id_for(event_id: uuid.UUID, photo_id: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"erase/{event_id}/{photo_id}")


def define(metadata: sa.MetaData, suffix: str) -> SimpleNamespace:
    return SimpleNamespace(
        photos=sa.Table(
            f"listings_policy_photos{suffix}",
            metadata,
            sa.Column("photo_id", sa.String(36), primary_key=True),
            sa.Column("uploader_id", sa.String(36), nullable=False, index=True),
        )
    )


def erasure(codec: Codec, handlers: RunsCommands, storage: PhotoStorage) -> Subscriber:
    def handle(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent) -> None:
        event = codec.decode(recorded).event
        p = t.photos
        match event:
            case PhotoUploaded():
                photo_id = str(event.photo_id)
                if tx.execute(sa.select(p).where(p.c.photo_id == photo_id)).first() is None:
                    uploader = str(event.uploader_id)
                    tx.execute(p.insert().values(photo_id=photo_id, uploader_id=uploader))
            case PhotoDeleted():
                tx.execute(p.delete().where(p.c.photo_id == str(event.photo_id)))
            case ResidentErased():
                _erase(tx, t, recorded.event_id, event, handlers, storage)

    return Subscriber(NAME, handle, define=define, types=TYPES, version=VERSION)


def _erase(
    tx: Connection,
    t: SimpleNamespace,
    event_id: uuid.UUID,
    event: ResidentErased,
    handlers: RunsCommands,
    storage: PhotoStorage,
) -> None:
    p = t.photos
    rid = str(event.resident_id)
    owned: list[Any] = list(tx.execute(sa.select(p.c.photo_id).where(p.c.uploader_id == rid)))
    for row in owned:
        photo_id = uuid.UUID(row.photo_id)
        storage.delete(photo_id)
        command = DeletePhoto(
            command_id_for(event_id, row.photo_id), photo_id, "erased", event.erased_at
        )
        handlers.run(command, SYSTEM)
    tx.execute(p.delete().where(p.c.uploader_id == rid))
