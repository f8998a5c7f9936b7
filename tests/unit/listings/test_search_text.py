"""The words of listings as search sees them (listings.projections.text): stems in French and
English, accents either way, and any text finds itself."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from listings.projections import text


def found(query: str, *texts: str) -> bool:
    tokens = set(text.document(*texts).split())
    return all(tokens & set(forms) for forms in text.query(query))


def test_plurals_and_missing_accents_find_the_word() -> None:
    assert found("perceuses", "Perceuse à percussion")
    assert found("etagere", "Étagère en chêne")
    assert found("ÉTAGÈRES", "etagere")
    assert found("velos", "Deux vélos")
    assert found("drills", "Cordless drill")
    assert not found("perceuse", "Scie sauteuse")


def test_a_query_is_words_only_and_each_word_once() -> None:
    assert text.query('"perceuse" OR étagère* -scie') == text.query("perceuse or etagere scie")
    assert text.query("  !? ") == []
    assert len(text.query("vélo velo VÉLO")) == 1
    assert len(text.query(" ".join(f"mot{n}" for n in range(20)))) == text.MAX_QUERY_WORDS


@given(st.text(min_size=1, max_size=60))
def test_any_text_finds_itself(written: str) -> None:
    assert found(written, written)
