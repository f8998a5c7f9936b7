"""Full-text search of a neighbourhood's listings, on SQLite (FTS5) and PostgreSQL (tsvector):
French and English stemming, accents either way, and the same listings on both databases."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from listings.projections import queries
from tests.contract.listings.kit import World, world
from tests.contract.neighbourhoods.kit import residents_world
from tests.contract.read_models import open_databases

SHELF = "Étagère en chêne"
DRILL = "Perceuse à percussion"
BIKES = "Two kids' bikes"
GARDEN = "Aide au jardinage"


def titles(w: World, nid: uuid.UUID, viewer: uuid.UUID, q: str) -> list[str]:
    return [x["title"] for x in w.ask(queries.board, nid, viewer, q=q)["items"]]


def filled(w: World) -> tuple[uuid.UUID, uuid.UUID]:
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    nid = w.neighbourhood(ada, bob)
    w.publish(ada, [nid], SHELF, "Quatre planches, à venir chercher")
    w.publish(ada, [nid], DRILL, "Avec ses mèches, pour le béton")
    w.publish(bob, [nid], BIKES, "Bikes for children aged 5 to 8", kind="request")
    w.publish(bob, [nid], GARDEN, "Je taille vos haies le samedi", category="service")
    return nid, bob


def test_a_plural_without_accents_finds_the_singular_with_them(database: Any) -> None:
    w = world(database())
    nid, bob = filled(w)
    assert titles(w, nid, bob, "perceuses") == [DRILL]
    assert titles(w, nid, bob, "etagere") == [SHELF]
    assert titles(w, nid, bob, "ÉTAGÈRES chene") == [SHELF]
    assert titles(w, nid, bob, "bike") == [BIKES]
    assert titles(w, nid, bob, "children") == [BIKES]
    assert titles(w, nid, bob, "haie") == [GARDEN]
    assert titles(w, nid, bob, "meche beton") == [DRILL]


def test_every_word_must_match_and_a_query_without_words_filters_nothing(database: Any) -> None:
    w = world(database())
    nid, bob = filled(w)
    assert titles(w, nid, bob, "perceuse chêne") == []
    assert titles(w, nid, bob, "tournevis") == []
    assert len(titles(w, nid, bob, "  !? ")) == 4
    assert titles(w, nid, bob, '"perceuse" OR étagère*') == [], "words, never query syntax"


def test_an_edit_is_searched_by_its_new_words_only(database: Any) -> None:
    from contracts.listings.events import ListingEdited
    from tests.contract.listings.kit import stream

    w = world(database())
    ada = w.people.register("Ada")
    nid = w.neighbourhood(ada)
    lid = w.publish(ada, [nid], DRILL)
    w.record(stream(lid), ListingEdited(lid, ada, "Scie sauteuse", "", {}, [], w.tick()))
    assert titles(w, nid, ada, "perceuse") == []
    assert titles(w, nid, ada, "scies") == ["Scie sauteuse"]


def test_sqlite_and_postgresql_give_the_same_listings_for_the_same_queries(
    tmp_path: Path,
) -> None:
    people = residents_world()
    kinds = [open_databases(kind, tmp_path) for kind in ("sqlite", "postgres")]
    try:
        sqlite, postgres = (world(next(opened)(), people) for opened in kinds)
        nid, bob = filled(sqlite)
        asked = ["perceuses", "etagere", "bikes", "enfant", "vos", "a", "planche beton"]
        asked += ["jardin", "JARDINAGES", "samedis", "5", "kid", "chenes", "x"]
        answers = [{q: titles(w, nid, bob, q) for q in asked} for w in (sqlite, postgres)]
        assert answers[0] == answers[1]
        assert sum(map(len, answers[0].values())) >= 10
    finally:
        for opened in kinds:
            next(opened, None)  # disposes of the databases


def test_the_same_query_without_either_index_gives_the_same_page(database: Any) -> None:
    w = world(database())
    nid, bob = filled(w)
    for q in ("perceuses", "etagere chene", "bikes", "", "vos haies"):
        shown = w.ask(queries.board, nid, bob, q=q, limit=2)
        for without in ({"search"}, {"board"}, {"search", "board"}):
            assert w.ask(queries.board, nid, bob, q=q, limit=2, without=frozenset(without)) == shown
