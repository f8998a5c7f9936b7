"""The words of a listing as search sees them, the same on SQLite and PostgreSQL: every word
casefolded, stemmed in French and in English (snowballstemmer), stripped of its accents, each
form kept once. A query word matches a listing when any of its forms is among the listing's, so
"perceuses" finds "perceuse" and "etagere" finds "étagère" whichever language the listing is
in. The databases only compare whole tokens: which word is which is decided once, in
contracts/words.py (docs/decisions/0016-listings-search.md).
"""

from __future__ import annotations

from contracts.words import LANGUAGES, forms, plain, words

__all__ = ["LANGUAGES", "MAX_QUERY_WORDS", "document", "forms", "plain", "query", "words"]

MAX_QUERY_WORDS = 8
"""Words of a query beyond these are ignored: a search box, not a document."""


def document(*texts: str | None) -> str:
    """The index's tokens for a listing's texts, space separated, each once."""
    tokens: set[str] = set()
    for text in texts:
        for word in words(text or ""):
            tokens.update(forms(word))
    return " ".join(sorted(tokens))


def query(text: str) -> list[tuple[str, ...]]:
    """A search box's words as alternatives to match: every word must match one of its forms.
    Empty when the text holds no word."""
    seen: list[tuple[str, ...]] = []
    for word in words(text)[:MAX_QUERY_WORDS]:
        alternatives = forms(word)
        if alternatives and alternatives not in seen:
            seen.append(alternatives)
    return seen
