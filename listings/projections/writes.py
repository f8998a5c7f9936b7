"""What a batch of listings' events writes (part of batches.py): the rows it read and changed in
memory, and the rows it adds, written at the end in one statement per table and shape."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from listings.projections import search
from services.subscriptions.versioned import update_rows

Rows = dict[str, dict[str, Any] | None]
CHUNK = 500  # keys per IN (...): under every backend's limit of bound parameters


class WrittenTwice(ValueError):
    """A key the batch would write twice: one event at a time would break the primary key."""


@dataclass
class Writes:
    """A batch's rows between its events: those read (None: not there) and changed, and those
    it adds, in the order one event at a time would add them."""

    listings: Rows
    photos: Rows
    places: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    new_listings: list[str] = field(default_factory=list)
    changed: dict[str, set[str]] = field(default_factory=dict)  # the columns each row sets
    new_photos: list[str] = field(default_factory=list)
    changed_photos: dict[str, set[str]] = field(default_factory=dict)
    unshown: list[tuple[str, str]] = field(default_factory=list)  # places written before
    photo_lists: dict[str, list[str]] = field(default_factory=dict)  # replaced, in order
    reindex: set[str] = field(default_factory=set)
    history: list[dict[str, Any]] = field(default_factory=list)
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    chosen: list[str] = field(default_factory=list)  # responses written before
    reports: list[dict[str, Any]] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)  # listings whose earlier reports settle
    log: list[dict[str, Any]] = field(default_factory=list)

    def shown(self, lid: str) -> Iterator[str]:
        return (nid for nid, place in self.places[lid].items() if place["shown"])

    def change_listing(self, lid: str, values: dict[str, Any]) -> None:
        row = _known(self.listings, lid)
        row.update(values)
        if "seq" in row:  # written before this batch: an update
            self.changed.setdefault(lid, set()).update(values)

    def change_photo(self, row: dict[str, Any], **values: Any) -> None:
        row.update(values)
        if row["photo_id"] not in self.new_photos:
            self.changed_photos.setdefault(row["photo_id"], set()).update(values)

    def replace_photos(self, lid: str, photos: list[Any]) -> None:
        ids = [str(photo["photo_id"]) for photo in photos]
        if len(set(ids)) != len(ids):
            raise WrittenTwice(f"listing {lid}: a photo twice")
        self.photo_lists[lid] = ids

    def add_response(self, row: dict[str, Any]) -> None:
        if row["response_id"] in self.responses:
            raise WrittenTwice(f"response {row['response_id']}")
        self.responses[row["response_id"]] = row

    def choose(self, response_id: str) -> None:
        if response_id in self.responses:
            self.responses[response_id]["chosen"] = True
        else:
            self.chosen.append(response_id)

    def settle(self, lid: str) -> None:
        for report in self.reports:
            if report["listing_id"] == lid:
                report["settled"] = True
        self.settled.append(lid)

    def write(self, tx: Connection, t: SimpleNamespace) -> None:
        """Every table, in bulk. Rows written before the batch are changed before its new rows
        go in: a later event's change never reaches a row an earlier one did not see."""
        lst = t.listings
        _insert(tx, lst, [_without_flags(self.listings[lid]) for lid in self.new_listings])
        update_rows(tx, lst, "listing_id", self.listings, self.changed)
        new_places = [
            {"listing_id": lid, "neighbourhood_id": nid, **_without_flags(place)}
            for lid, places in self.places.items()
            for nid, place in places.items()
            if place.get("new")
        ]
        _insert(tx, t.places, new_places)
        _update_where(tx, t.places, ("listing_id", "neighbourhood_id"), self.unshown, shown=False)
        lp = t.listing_photos
        replaced = list(self.photo_lists)
        for start in range(0, len(replaced), CHUNK):
            tx.execute(lp.delete().where(lp.c.listing_id.in_(replaced[start : start + CHUNK])))
        _insert(
            tx,
            lp,
            [
                {"listing_id": lid, "photo_id": pid, "position": position}
                for lid, ids in self.photo_lists.items()
                for position, pid in enumerate(ids)
            ],
        )
        _insert(tx, t.history, self.history)
        _update_where(tx, t.responses, ("response_id",), [(r,) for r in self.chosen], chosen=True)
        _insert(tx, t.responses, list(self.responses.values()))
        _update_where(tx, t.reports, ("listing_id",), [(k,) for k in self.settled], settled=True)
        _insert(tx, t.reports, self.reports)
        _insert(tx, t.log, self.log)
        _insert(tx, t.photos, [_known(self.photos, pid) for pid in self.new_photos])
        update_rows(tx, t.photos, "photo_id", self.photos, self.changed_photos)
        self._index(tx, t)

    def _index(self, tx: Connection, t: SimpleNamespace) -> None:
        if not self.reindex:
            return
        if tx.dialect.name != "sqlite":
            words = {lid: _known(self.listings, lid)["search"] for lid in self.reindex}
            search.beside_places(tx, t.places, words)
            return
        lst = t.listings
        new = [lid for lid in self.new_listings if lid in self.reindex]
        seqs = {
            lid: row["seq"] for lid in self.reindex if "seq" in (row := _known(self.listings, lid))
        }
        for start in range(0, len(new), CHUNK):
            query = sa.select(lst.c.listing_id, lst.c.seq)
            chunk = new[start : start + CHUNK]
            seqs.update(tuple(r) for r in tx.execute(query.where(lst.c.listing_id.in_(chunk))))
        entries = [
            (seqs[lid], _known(self.listings, lid)["search"], sorted(self.shown(lid)))
            for lid in self.reindex
        ]
        search.index_all(tx, lst, entries)


def _known(rows: Rows, key: str) -> dict[str, Any]:
    row = rows[key]
    assert row is not None, key
    return row


def _without_flags(row: dict[str, Any] | None) -> dict[str, Any]:
    assert row is not None
    return {k: v for k, v in row.items() if k != "new"}


def _insert(tx: Connection, table: sa.Table, params: list[dict[str, Any]]) -> None:
    if params:
        tx.execute(table.insert(), params)


def _update_where(
    tx: Connection,
    table: sa.Table,
    keys: tuple[str, ...],
    found: Sequence[tuple[str, ...]],
    **values: Any,
) -> None:
    if not found:
        return
    statement = (
        table.update().where(*(table.c[k] == sa.bindparam(f"_{k}") for k in keys)).values(**values)
    )
    tx.execute(statement, [{f"_{k}": v for k, v in zip(keys, row, strict=True)} for row in found])
