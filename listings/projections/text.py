"""The words of a listing as search sees them, the same on SQLite and PostgreSQL: every word
casefolded, stemmed in French and in English (snowballstemmer), stripped of its accents, each
form kept once. A query word matches a listing when any of its forms is among the listing's, so
"perceuses" finds "perceuse" and "etagere" finds "étagère" whichever language the listing is
in. The databases only compare whole tokens: which word is which is decided here once
(docs/decisions/0016-listings-search.md).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

LANGUAGES = ("french", "english")
MAX_QUERY_WORDS = 8
"""Words of a query beyond these are ignored: a search box, not a document."""
_WORD = re.compile(r"[^\W_]+")


def plain(text: str) -> str:
    """Casefolded, without accents: 'Étagère' -> 'etagere'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=65536)
def forms(word: str) -> tuple[str, ...]:
    """Every form a word may take in the index: its French and English stems, each of the word
    as written and of the word without accents, all without accents."""
    folded = word.casefold()
    bare = plain(folded)
    found = {bare}
    for language in LANGUAGES:
        stemmer = _stemmer(language)
        found.add(plain(stemmer.stemWord(folded)))
        found.add(plain(stemmer.stemWord(bare)))
    return tuple(sorted(f for f in found if f))


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


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
