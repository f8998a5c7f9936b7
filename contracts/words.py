"""Words as Quartier compares them, in French and in English: casefolded, stemmed by
snowballstemmer in both languages, stripped of their accents. Listings' search index and
matching's likeness of two listings read words here, so that "perceuses" and "perceuse",
"étagère" and "etagere" are the same word to both.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

LANGUAGES = ("french", "english")
_WORD = re.compile(r"[^\W_]+")

_STOP = (
    "a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur leurs",
    "lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses",
    "son sur ta te tes toi ton tu un une vos votre vous y d l j c s n m t est sont suis ai as",
    "avons avez ont etre avoir fait faire tres plus moins bien tout tous toute toutes si comme",
    "chez cherche propose besoin quelqu quelque quelques merci bonjour svp",
    "the an and or of to in on at for with by from is are be was were it its this that these",
    "those my your our their me you we they he she his her i not no do does can could would",
    "will just need needs looking offer offering anyone someone some any please thanks hello",
)
STOP_WORDS = frozenset(" ".join(_STOP).split())
"""Words that say nothing of what a listing is about, in either language (folded, unstemmed):
they never make two listings alike."""


def plain(text: str) -> str:
    """Casefolded, without accents: 'Étagère' -> 'etagere'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=65536)
def forms(word: str) -> tuple[str, ...]:
    """Every form a word may take: its French and English stems, each of the word as written
    and of the word without accents, all without accents."""
    folded = word.casefold()
    bare = plain(folded)
    found = {bare}
    for language in LANGUAGES:
        stemmer = _stemmer(language)
        found.add(plain(stemmer.stemWord(folded)))
        found.add(plain(stemmer.stemWord(bare)))
    # A word of combining marks alone (an Arabic ligature) folds to spaces: it has no form.
    return tuple(sorted(f for f in (f.strip() for f in found) if f))


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """One comparable form of a word whatever its language: the shortest of its forms
    ("jardinage", "jardiner", "jardin" -> "jardin"; "gardening" -> "garden")."""
    return min(forms(word), key=lambda f: (len(f), f))


def meaningful(text: str) -> frozenset[str]:
    """The comparable forms of a text's words, stop words and one-letter words left out."""
    return frozenset(
        stem(word) for word in words(text) if len(word) > 1 and plain(word) not in STOP_WORDS
    )
