"""Erasure, photos and what a card tells of its author, in listings' read model on SQLite and
PostgreSQL: an erased author's listings leave every board and read as erased after a rebuild; a
photo is shown to whoever may see a listing holding it; street and distance per disclosure."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa

from contracts.listings.events import PhotoDeleted, PhotoUploaded, ResponseSent
from listings.projections import photos, queries
from tests.contract.listings.kit import World, stream, world
from tests.contract.neighbourhoods.kit import EGLISE

SHA = "a" * 64


def test_an_erased_authors_listings_leave_the_boards_and_read_erased_after_a_rebuild(
    database: Any,
) -> None:
    w = world(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    nid = w.neighbourhood(ada, bob)
    lid = w.publish(ada, [nid], "Perceuse", "Avec ses mèches")
    theirs = w.publish(bob, [nid], "Étagère")
    w.record(stream(theirs), ResponseSent(theirs, uuid.uuid4(), ada, "Je prends", w.tick()))
    # PostgreSQL's board search reads the tokens beside each place (SQLite's, in its FTS table).
    [kept] = words_beside_places(w, lid)
    assert ("perceuse" in (kept or "").split()) == (w.engine.dialect.name == "postgresql")
    w.people.identity.erase(uuid.uuid4(), ada, "system:ops")
    assert words_beside_places(w, lid) == [None]
    assert [x["title"] for x in w.ask(queries.board, nid, bob)["items"]] == ["Étagère"]
    assert w.ask(queries.board, nid, bob, q="perceuse")["items"] == []
    assert w.ask(queries.listing, lid, bob) is None
    [response] = w.ask(queries.responses, theirs)
    assert (response["message"], response["responder"]["display_name"]) == (None, None)

    live = w.rows()
    for runner in w.runners:
        runner.release()
    rebuilt = world(database(), w.people)
    assert rebuilt.rows() == live
    t, _ = rebuilt.tables()
    with rebuilt.engine.connect() as conn:
        lst = t.listings
        row = conn.execute(lst.select().where(lst.c.listing_id == str(lid))).one()
    assert (row.title, row.description, row.search, row.author_erased) == (None, None, None, True)


def words_beside_places(w: World, lid: uuid.UUID) -> list[str | None]:
    t, _ = w.tables()
    p = t.places
    with w.engine.connect() as conn:
        return list(conn.execute(sa.select(p.c.search).where(p.c.listing_id == str(lid))).scalars())


def test_a_photo_is_shown_to_its_uploader_and_to_those_who_see_a_listing_holding_it(
    database: Any,
) -> None:
    w = world(database())
    ada, bob, eve = (w.people.register(n) for n in ("Ada", "Bob", "Eve"))
    nid = w.neighbourhood(ada, bob)
    w.neighbourhood(eve)
    pid, unused = uuid.uuid4(), uuid.uuid4()
    for photo in (pid, unused):
        w.record(
            f"listings.photo-{photo}",
            PhotoUploaded(photo, ada, "image/webp", 800, 600, SHA, SHA, w.tick()),
        )
    assert w.ask_read_model(photos.photos_owned, ada) == {pid: SHA, unused: SHA}
    assert not w.ask(photos.photo_visible, pid, bob)
    lid = w.publish(ada, [nid], "Perceuse", photos=[{"photo_id": str(pid), "sha256": SHA}])
    assert [w.ask(photos.photo_visible, pid, x) for x in (ada, bob, eve)] == [True, True, False]
    assert w.ask(photos.photo_visible, unused, bob) is False
    [card] = w.ask(queries.board, nid, bob)["items"]
    assert card["thumbnail_photo_id"] == str(pid)
    assert w.ask(queries.listing, lid, bob)["photos"] == [str(pid)]
    w.record(f"listings.photo-{pid}", PhotoDeleted(pid, "erased", w.tick()))
    assert w.ask(photos.photo_visible, pid, ada) is False
    assert w.ask(queries.listing, lid, bob)["photos"] == []
    w.people.identity.erase(uuid.uuid4(), ada, "system:ops")
    assert w.ask(photos.photos_of_erased) == [unused]


def test_a_card_shows_the_street_and_distance_each_author_discloses(database: Any) -> None:
    w = world(database())
    ada, bob, cleo = (w.people.register(n) for n in ("Ada", "Bob", "Cleo"))
    w.people.verify(ada)
    w.people.verify(bob, EGLISE)
    w.people.verify(cleo, EGLISE)
    w.people.identity.change_profile(uuid.uuid4(), cleo, "Cleo", None, "none")
    nid = w.neighbourhood(ada, bob, cleo)
    w.publish(bob, [nid], "Perceuse")
    w.publish(cleo, [nid], "Étagère")
    shelf, drill = w.ask(queries.board, nid, ada)["items"]
    assert drill["author"]["street"] == "Rue de l'Église"
    assert drill["distance_m"] is not None and drill["distance_m"] % 50 == 0
    assert (shelf["author"]["street"], shelf["distance_m"]) == (None, None)
    assert w.ask(queries.board, nid, bob)["items"][1]["distance_m"] == 0


def test_a_pages_cards_keep_each_listings_photos_in_their_order_and_places_in_theirs(
    database: Any,
) -> None:
    w = world(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    first, second = sorted((w.neighbourhood(ada, bob), w.neighbourhood(ada, bob)), key=str)
    # Photo ids sorted the other way round from the order the listing shows them in.
    shown = sorted((uuid.uuid4() for _ in range(3)), key=str, reverse=True)
    other = uuid.uuid4()
    for photo in (*shown, other):
        w.record(
            f"listings.photo-{photo}",
            PhotoUploaded(photo, ada, "image/webp", 800, 600, SHA, SHA, w.tick()),
        )
    attached = [{"photo_id": str(x), "sha256": SHA} for x in shown]
    lid = w.publish(ada, [second, first], "Perceuse", photos=attached)
    w.publish(ada, [first], "Étagère", photos=[{"photo_id": str(other), "sha256": SHA}])
    cards = {c["title"]: c for c in w.ask(queries.board, first, bob)["items"]}
    assert cards["Perceuse"]["neighbourhood_ids"] == [str(first), str(second)]
    assert cards["Perceuse"]["thumbnail_photo_id"] == str(shown[0])
    assert cards["Étagère"]["neighbourhood_ids"] == [str(first)]
    assert cards["Étagère"]["thumbnail_photo_id"] == str(other)
    assert w.ask(queries.listing, lid, bob)["photos"] == [str(x) for x in shown]
