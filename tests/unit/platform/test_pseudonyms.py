"""Pseudonyms stay the same from one release to the next: analysts join exports and the stream
across months on them, so the way one is computed is pinned here, not only its stability within
a run."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.eventstore.sealing import pseudonym

KEY = b"k" * 32


def reference(key: bytes, subject: str, field: str, value: Any) -> str:
    """The definition analysts were given: HMAC-SHA256 over json.dumps of the triple."""
    message = json.dumps([subject, field, value], sort_keys=True, ensure_ascii=False)
    return "psn_" + hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:32]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("email", "someone@example.org", "psn_9b3330a5780339b3cb1467bf5f87dee9"),
        ("latitude", 48.85, "psn_c297bd3e2663eab5d30f662d0cd3c7a9"),
        ("display_name", "Zoé Lefèvre", "psn_09a864498b590166c3b2e3b897b51702"),
        ("answers", {"b": 1, "a": ["é"]}, "psn_84e9fdb6f6e7f0a4c3ca1da50e05eefd"),
    ],
)
def test_a_pseudonym_is_the_one_published_before(field: str, value: Any, expected: str) -> None:
    assert pseudonym(KEY, "4f1c", field, value) == expected


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(subject=st.text(min_size=1), field=st.text(min_size=1), value=JSON)
def test_every_value_gets_the_pseudonym_of_its_definition(
    subject: str, field: str, value: Any
) -> None:
    assert pseudonym(KEY, subject, field, value) == reference(KEY, subject, field, value)
