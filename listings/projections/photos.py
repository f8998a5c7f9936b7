"""Photos as listings' read model knows them (the PhotoUploaded / PhotoDeleted rows of
listings.py): who may see one, which an uploader may attach, which to delete at an erasure."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from listings.projections.visibility import visible


def photo_visible(
    conn: Connection,
    t: SimpleNamespace,
    f: SimpleNamespace,
    photo_id: uuid.UUID,
    viewer_id: uuid.UUID,
) -> bool:
    """True for its uploader, and for whoever may see a listing holding it; never once
    deleted."""
    ph, lp, lst = t.photos, t.listing_photos, t.listings
    row = conn.execute(
        sa.select(ph.c.uploader_id).where(ph.c.photo_id == str(photo_id), ph.c.deleted.is_(False))
    ).first()
    if row is None:
        return False
    if row.uploader_id == str(viewer_id):
        return True
    holding = conn.execute(
        sa.select(lst.c.listing_id)
        .select_from(lp.join(lst, lst.c.listing_id == lp.c.listing_id))
        .where(lp.c.photo_id == str(photo_id), visible(t, f, viewer_id))
        .limit(1)
    ).first()
    return holding is not None


def photos_owned(
    conn: Connection, t: SimpleNamespace, uploader_id: uuid.UUID
) -> dict[uuid.UUID, str]:
    """The uploader's photos not deleted: photo id -> sha256 (what a listing may link)."""
    ph = t.photos
    rows = conn.execute(
        sa.select(ph.c.photo_id, ph.c.sha256).where(
            ph.c.uploader_id == str(uploader_id), ph.c.deleted.is_(False)
        )
    )
    return {uuid.UUID(x.photo_id): x.sha256 for x in rows}


def photos_of_erased(
    conn: Connection, t: SimpleNamespace, f: SimpleNamespace, limit: int = 100
) -> list[uuid.UUID]:
    """Photos not yet deleted whose uploader was erased (the erasure policy deletes them)."""
    ph, res = t.photos, f.residents
    rows = conn.execute(
        sa.select(ph.c.photo_id)
        .select_from(ph.join(res, res.c.resident_id == ph.c.uploader_id))
        .where(res.c.erased.is_(True), ph.c.deleted.is_(False))
        .order_by(ph.c.photo_id)
        .limit(limit)
    )
    return [uuid.UUID(x) for x in rows.scalars()]


def content_type(conn: Connection, t: SimpleNamespace, photo_id: uuid.UUID) -> str | None:
    """The stored type of a photo not deleted (what it is served as), None for any other."""
    ph = t.photos
    found: str | None = conn.execute(
        sa.select(ph.c.content_type).where(ph.c.photo_id == str(photo_id), ph.c.deleted.is_(False))
    ).scalar()
    return found
