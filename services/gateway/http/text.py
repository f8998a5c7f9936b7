"""`Text`: the one marshmallow field of every text a request carries, so that text is checked
once, here, before any service or the event store's codec sees it.

Every text must be well-formed Unicode: JSON may spell a lone surrogate ("\\ud800"), which
Python's json turns into a str that no UTF-8 codec can write. Beyond that, a text is stored in
NFC (the same name typed on two keyboards is the same name), holds no control characters (but
line breaks and tabs where several lines are allowed) and no bidi embedding, override or
isolate characters (which make a text read differently from what it holds), and is not made of
invisible characters only. A display name holds at least one letter.

Passwords (`secret=True`) are only required to be well-formed: the gateway passes them on as
written, and identity alone normalises them (NFKC, identity/passwords.py) before hashing, so
that one rule decides which passwords match (docs/decisions/0011-request-text.md).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from marshmallow import ValidationError, fields, validate

# Bidi embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069). The marks (LRM,
# RLM, ALM) stay allowed: right-to-left scripts need them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = frozenset("\n\r\t")
# Categories that show nothing by themselves: separators, controls, formats, combining marks.
INVISIBLE = ("Z", "C", "M")

ILL_FORMED = "This text is not valid Unicode."
CONTROL = "This text holds a control character."
BIDI = "This text holds a character that reorders the text around it."
BLANK = "Write something visible."
NO_LETTER = "A name holds at least one letter."
NONCHARACTER = "This text holds a character that is not meant to be exchanged."


def well_formed(text: str) -> bool:
    """No lone surrogate: the text can be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def problems(text: str, *, lines: bool = False, name: bool = False) -> list[str]:
    """What is wrong with an already well-formed, normalised `text`, one message each."""
    found: list[str] = []
    allowed = LINE_BREAKS if lines else frozenset()
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in text):
        found.append(CONTROL)
    if any(c in BIDI_CONTROLS for c in text):
        found.append(BIDI)
    if any(_noncharacter(c) for c in text):
        found.append(NONCHARACTER)
    if text and all(unicodedata.category(c)[0] in INVISIBLE for c in text):
        found.append(BLANK)
    elif name and not any(unicodedata.category(c)[0] == "L" for c in text):
        found.append(NO_LETTER)
    return found


def _noncharacter(c: str) -> bool:
    point = ord(c)
    return 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE


class Text(fields.String):
    """A request's text of `low` to `high` characters (counted after normalisation).

    lines: line breaks and tabs are allowed (descriptions, messages).
    name: a person's or a place's name, which holds at least one letter.
    secret: a password; only well-formed, passed on as written.
    """

    def __init__(
        self,
        low: int = 0,
        high: int | None = None,
        *,
        lines: bool = False,
        name: bool = False,
        secret: bool = False,
        **kwargs: Any,
    ) -> None:
        checks = list(_as_list(kwargs.pop("validate", None)))
        metadata = dict(kwargs.pop("metadata", None) or {})
        if not checks:  # a choice or a pattern says enough by itself
            metadata.setdefault("description", _rule(lines=lines, name=name, secret=secret))
        if low or high is not None:
            checks.insert(0, validate.Length(min=low, max=high))
        super().__init__(validate=checks, metadata=metadata, **kwargs)
        self._lines, self._letter, self._secret = lines, name, secret

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not well_formed(text):
            raise ValidationError(ILL_FORMED)
        if self._secret:
            return text
        text = unicodedata.normalize("NFC", text)
        found = problems(text, lines=self._lines, name=self._letter)
        if found:
            raise ValidationError(found)
        return text


class EmailText(Text, fields.Email):
    """An e-mail address, checked as any text, then as an address (format "email")."""


def _as_list(checks: Any) -> list[Any]:
    if checks is None:
        return []
    return list(checks) if isinstance(checks, list | tuple) else [checks]


def _rule(*, lines: bool, name: bool, secret: bool) -> str:
    if secret:
        return "Well-formed Unicode; compared after NFKC normalisation."
    rule = "Well-formed Unicode, stored in NFC; no control"
    rule += " character but line breaks and tabs" if lines else " character"
    rule += ", no bidi embedding, override or isolate; not only invisible characters"
    return rule + ("; at least one letter." if name else ".")


__all__ = ["EmailText", "Text", "problems", "well_formed"]
