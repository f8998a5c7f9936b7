"""Declared addresses in a normalised form, so that the same door matches however it is typed:
case, accents, punctuation and common abbreviations ("r.", "av.", "St") do not count.

    parse_line("12 bis, R. de la Paix")  # ParsedLine(12, "bis", "rue de la paix")
    postcode_key(" 71 999")              # "71999"
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Only a street's first word is a way type; expanding "r" elsewhere would turn "R. Schuman" into
# "rue Schuman".
# fmt: off
_WAY_TYPES = {
    "r": "rue", "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard",
    "blvd": "boulevard", "boul": "boulevard", "pl": "place", "ch": "chemin", "chem": "chemin",
    "imp": "impasse", "all": "allee", "rte": "route", "sq": "square", "crs": "cours",
    "fg": "faubourg", "fbg": "faubourg", "prom": "promenade", "res": "residence",
}
_TITLES = {
    "st": "saint", "ste": "sainte", "gal": "general", "gen": "general", "mal": "marechal",
    "pdt": "president", "dr": "docteur", "pr": "professeur",
}
# fmt: on
# People write "12 B" for "12 bis"; the base keeps "b" and "bis" apart, so try the letter first.
_SUFFIX_ALIASES = {"b": "bis", "t": "ter", "q": "quater"}
_NUMBERED = re.compile(r"^(\d{1,5})\s?(bis|ter|quater|quinquies|[a-z])?\s+(\S.*)$")


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, titles ("St", "Gal") spelt out."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    return " ".join(_TITLES.get(w, w) for w in words)


def street_key(name: str) -> str:
    words = normalise(name).split()
    if words:
        words[0] = _WAY_TYPES.get(words[0], words[0])
    return " ".join(words)


def normalise_suffix(rep: str) -> str:
    return normalise(rep).replace(" ", "")


def suffix_candidates(suffix: str) -> tuple[str, ...]:
    alias = _SUFFIX_ALIASES.get(suffix)
    return (suffix, alias) if alias else (suffix,)


@dataclass(frozen=True)
class ParsedLine:
    number: int
    suffix: str
    street: str


def parse_line(line: str) -> ParsedLine | None:
    """Number, suffix and street key of a line such as "12 bis, Rue de la Paix"."""
    match = _NUMBERED.match(normalise(line))
    if not match:
        return None
    number, suffix, street = match.groups()
    if suffix in _WAY_TYPES:
        # "12 r. de la Paix": the letter is the way type, not a suffix.
        suffix, street = "", f"{suffix} {street}"
    return ParsedLine(int(number), suffix or "", street_key(street))


def postcode_key(postcode: str) -> str | None:
    compact = re.sub(r"\s+", "", postcode)
    return compact if re.fullmatch(r"\d{5}", compact) else None


def city_matches(city: str, known: Iterable[str]) -> bool:
    """True when the city is one of the names the base knows, possibly followed by a district
    ("Lyon 3e" for "Lyon")."""
    wanted = normalise(city)
    return bool(wanted) and any(k and (wanted == k or wanted.startswith(k + " ")) for k in known)
