"""The photo erasure policy's rules on its own table, on an SQLite and a PostgreSQL read-model
database: an erased resident's photos are the ones to delete, and only those not deleted yet."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from contracts.identity.events import ResidentErased
from contracts.listings.photos import PhotoDeleted, PhotoUploaded
from listings.policies.erasure import define, react

AT = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)
SHA = "0" * 64


def uploaded(uploader: uuid.UUID) -> PhotoUploaded:
    return PhotoUploaded(uuid.uuid4(), uploader, "image/webp", 640, 480, SHA, SHA, AT)


def test_an_erased_residents_photos_not_yet_deleted_are_deleted(
    database: Callable[[], sa.Engine],
) -> None:
    engine, metadata = database(), sa.MetaData()
    tables = define(metadata, f"_{uuid.uuid4().hex[:8]}")
    metadata.create_all(engine)

    def handle(event: Any) -> set[uuid.UUID]:
        with engine.begin() as tx:
            return set(react(tx, tables, event))

    ada, bob = uuid.uuid4(), uuid.uuid4()
    kept, gone, other = uploaded(ada), uploaded(ada), uploaded(bob)
    for event in (kept, gone, kept, other, PhotoDeleted(gone.photo_id, "unused", AT)):
        assert handle(event) == set()
    assert handle(ResidentErased(ada, AT)) == {kept.photo_id}
    assert handle(ResidentErased(ada, AT)) == {kept.photo_id}, "again until recorded deleted"
    handle(PhotoDeleted(kept.photo_id, "erased", AT))
    assert handle(ResidentErased(ada, AT)) == set()
