"""The fixed words of the contracts that a client offers as choices, by context: what GET
/api/v1/vocabulary answers (services/gateway/api/meta/vocabulary.py).

`python -m contracts.vocabulary` prints them as JSON: the web client's Node tests read the same
words (tests/web/browser.js).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from contracts.listings.categories import VOCABULARY as LISTINGS

# Each context whose contracts fix words a client offers: one line per context.
CONTEXTS: Mapping[str, Mapping[str, Any]] = {"listings": LISTINGS}


def _plain(words: Any) -> Any:
    if isinstance(words, Mapping):
        return {key: _plain(value) for key, value in words.items()}
    return list(words)


def shown() -> dict[str, Any]:
    """Each context's words as plain JSON: lists, and mappings of lists."""
    return {context: _plain(words) for context, words in CONTEXTS.items()}


if __name__ == "__main__":
    print(json.dumps(shown()))
