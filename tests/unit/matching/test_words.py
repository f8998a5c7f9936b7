"""Words as matching compares them (contracts/words.py): stems in French and English, stop
words of both languages left out, weekdays kept for time rather than topic."""

from __future__ import annotations

from contracts.words import STOP_WORDS, meaningful, stem
from matching.domain.listing import days_named
from tests.unit.matching import a_listing


def test_a_plural_an_accent_and_a_capital_give_one_stem() -> None:
    assert stem("Étagères") == stem("etagere") == stem("étagère")
    assert stem("gardening") == stem("garden")


def test_stop_words_of_both_languages_are_left_out() -> None:
    assert {"le", "la", "pour", "the", "with"} <= STOP_WORDS
    assert meaningful("Je cherche pour le jardin, with the garden") == {
        stem("jardin"),
        stem("garden"),
    }


def test_weekdays_are_time_not_words_in_common() -> None:
    listing = a_listing("offer", "Piano le samedi, or on Sundays")
    assert listing.days == {"sat", "sun"}
    assert stem("samedi") not in listing.words
    assert days_named("Disponible LUNDI et mercredi") == {"mon", "wed"}
