"""Address normalisation: the same door however a resident types it."""

from __future__ import annotations

import pytest

from identity.adapters.addresses import (
    ParsedLine,
    city_matches,
    normalise,
    parse_line,
    postcode_key,
    street_key,
    suffix_candidates,
)


@pytest.mark.parametrize(
    "typed",
    [
        "12 Rue de la Paix",
        "12 rue de la paix",
        "12, RUE DE LA PAIX",
        "12 r. de la Paix",
        "12 R de la Paix",
        "  12   rue  de   la paix ",
    ],
)
def test_case_spacing_and_the_rue_abbreviation_do_not_matter(typed: str) -> None:
    assert parse_line(typed) == ParsedLine(12, "", "rue de la paix")


def test_accents_apostrophes_and_hyphens_do_not_matter() -> None:
    assert street_key("Rue de l'Église") == street_key("rue de l eglise")
    assert normalise("Bourg-Démo") == normalise("BOURG DEMO") == "bourg demo"
    assert normalise("Cœur") == "coeur"


@pytest.mark.parametrize(
    ("typed", "suffix"),
    [
        ("12bis rue X", "bis"),
        ("12 BIS rue X", "bis"),
        ("12 ter, rue X", "ter"),
        ("12 B rue X", "b"),
    ],
)
def test_a_number_suffix_is_read_from_the_line(typed: str, suffix: str) -> None:
    assert parse_line(typed) == ParsedLine(12, suffix, "rue x")


def test_a_street_starting_with_a_letter_is_not_taken_for_a_suffix() -> None:
    assert parse_line("12 avenue Foch") == ParsedLine(12, "", "avenue foch")
    assert parse_line("12 av. Foch") == ParsedLine(12, "", "avenue foch")


def test_way_types_are_spelt_out_only_as_the_first_word() -> None:
    assert street_key("Bd du Gal de Gaulle") == "boulevard du general de gaulle"
    assert street_key("Allée R. Schuman") == "allee r schuman"
    assert street_key("Pl. St Pierre") == "place saint pierre"


def test_a_line_without_a_number_is_not_an_address() -> None:
    assert parse_line("rue de la Paix") is None
    assert parse_line("") is None


def test_a_single_letter_suffix_may_stand_for_bis_or_ter() -> None:
    assert suffix_candidates("b") == ("b", "bis")
    assert suffix_candidates("bis") == ("bis",)
    assert suffix_candidates("") == ("",)


def test_postcodes_are_five_digits_spaces_allowed() -> None:
    assert postcode_key("71 999") == "71999"
    assert postcode_key("7199") is None
    assert postcode_key("SW1A 1AA") is None


def test_a_city_matches_its_names_and_a_district_of_them() -> None:
    known = ["bourg demo", "les essarts demo"]
    assert city_matches("Bourg-Démo", known)
    assert city_matches("LES ESSARTS DEMO", known)
    assert city_matches("Bourg Démo 2e", known)
    assert not city_matches("Bourg", known)
    assert not city_matches("", known)
