"""Each scoring factor alone, then the table they add up to (matching/domain/scoring.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from matching.domain import scoring
from matching.domain.listing import Home
from matching.domain.scoring import RADIUS_M, WEIGHTS, Refused, score
from tests.unit.matching import FAR, HOME, NEXT_DOOR, a_listing


def test_the_weights_of_one_kind_of_match_add_up_to_a_hundred() -> None:
    assert WEIGHTS["category"] + WEIGHTS["words"] + WEIGHTS["time"] + WEIGHTS["distance"] == 100
    assert WEIGHTS["category"] + WEIGHTS["route"] + WEIGHTS["time"] + WEIGHTS["distance"] == 100


def test_same_category_gives_full_points_and_a_related_one_fewer() -> None:
    drill = a_listing("request", "Perceuse", category="loan")
    lent = a_listing("offer", "Perceuse", category="loan")
    rented = a_listing(
        "offer", "Perceuse", category="rental", details={"item": "Perceuse", "price_per_day": 5}
    )
    assert scoring.categories(lent, drill).points == WEIGHTS["category"]
    related = scoring.categories(rented, drill)
    assert 0 < related.points < WEIGHTS["category"]
    assert related.detail == {"category": "loan", "offered": "rental"}


def test_unrelated_categories_refuse_the_pair() -> None:
    with pytest.raises(Refused):
        scoring.categories(
            a_listing("offer", "Perceuse", category="loan"), a_listing("request", "Jardin")
        )


def test_words_match_across_plurals_accents_and_case() -> None:
    offer = a_listing("offer", "Confitures maison", "Mes CONFITURES de mûres")
    request = a_listing("request", "Une confiture de mure")
    found = scoring.words(offer, request)
    assert found.detail["shared_words"] >= 2
    assert found.points == min(WEIGHTS["words"], 10 * found.detail["shared_words"])


def test_stop_words_alone_make_nothing_in_common() -> None:
    with pytest.raises(Refused):
        scoring.words(
            a_listing("offer", "Je cherche pour le"), a_listing("request", "pour le la les")
        )


def test_a_skill_named_in_french_and_in_english_is_in_common() -> None:
    offer = a_listing("offer", "Aide au jardinage")
    request = a_listing("request", "Help with my garden")
    found = scoring.words(offer, request)
    assert found.detail["skills"] == ["gardening"]


def test_a_fixed_tag_is_a_skill() -> None:
    offer = a_listing("offer", "Coup de main", details={"tags": ["diy"], "paid": False})
    request = a_listing("request", "Besoin de bricolage")
    assert scoring.words(offer, request).detail["skills"] == ["diy"]


def test_weekdays_in_common_give_time_points_and_none_named_gives_none() -> None:
    offer = a_listing("offer", "Jardin le samedi et le dimanche")
    request = a_listing("request", "Jardin, free on Saturdays")
    found = scoring.days(offer, request)
    assert found is not None and found.detail == {"days": ["sat"]}
    assert found.points == WEIGHTS["time"]
    assert scoring.days(offer, a_listing("request", "Jardin")) is None
    assert scoring.days(offer, a_listing("request", "Jardin le lundi")) is None


def test_the_week_end_names_saturday_and_sunday() -> None:
    assert a_listing("offer", "Jardin le week-end").days == {"sat", "sun"}


def test_distance_points_fall_with_distance_and_say_same_street() -> None:
    near = scoring.homes(
        a_listing("offer", "Jardin", home=HOME), a_listing("request", "Jardin", home=NEXT_DOOR)
    )
    assert near is not None and near.detail == {"metres": 100, "same_street": True}
    assert 0 < near.points < WEIGHTS["distance"]
    farther = Home(48.8550, 2.3500, "rue Autre")
    apart = scoring.homes(
        a_listing("offer", "Jardin", home=HOME), a_listing("request", "Jardin", home=farther)
    )
    assert apart is not None and apart.points < near.points and not apart.detail["same_street"]


def test_homes_beyond_the_category_radius_refuse_the_pair() -> None:
    assert RADIUS_M["loan"] < RADIUS_M["transport"]
    with pytest.raises(Refused):
        scoring.homes(
            a_listing("offer", "Perceuse", category="loan", home=HOME),
            a_listing("request", "Perceuse", category="loan", home=FAR),
        )


def test_an_unknown_home_gives_no_distance_points_and_refuses_nothing() -> None:
    assert (
        scoring.homes(a_listing("offer", "Jardin", home=None), a_listing("request", "Jardin"))
        is None
    )


def test_the_score_is_the_sum_of_its_reasons_best_first() -> None:
    offer = a_listing("offer", "Aide au jardinage le samedi", home=HOME)
    request = a_listing("request", "Jardinage, samedi", home=NEXT_DOOR)
    found = score(offer, request)
    assert found is not None
    assert found.total == sum(reason.points for reason in found.reasons)
    assert [r.points for r in found.reasons] == sorted(
        (r.points for r in found.reasons), reverse=True
    )
    assert {r.factor for r in found.reasons} == {"category", "words", "time", "distance"}


def test_a_pair_with_nothing_in_common_has_no_score() -> None:
    assert (
        score(a_listing("offer", "Cours de piano"), a_listing("request", "Garde de chat")) is None
    )


def test_an_erased_home_is_no_home() -> None:
    request = replace(a_listing("request", "Jardin"), home=None)
    found = score(a_listing("offer", "Jardin"), request)
    assert found is not None and "distance" not in {r.factor for r in found.reasons}
