"""Verification codes: easy to read aloud, stored only as a slow salted hash."""

from __future__ import annotations

import random

import pytest

from identity.adapters.letters import (
    CODE_ALPHABET,
    InvalidLetterId,
    Recipient,
    check_letter_id,
    code_matches,
    hash_code,
    letter_text,
    new_code,
    new_salt,
)


def test_a_code_has_at_least_eight_unambiguous_characters() -> None:
    for code in (new_code() for _ in range(200)):
        assert len(code) >= 8
        assert set(code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)


def test_codes_come_from_the_random_source_given() -> None:
    assert new_code(random.Random(7)) == new_code(random.Random(7))
    assert new_code(random.Random(7)) != new_code(random.Random(8))


def test_a_code_shorter_than_eight_is_refused() -> None:
    with pytest.raises(ValueError):
        new_code(length=7)


def test_the_right_code_matches_however_it_is_typed() -> None:
    salt = new_salt()
    stored = hash_code("ABCD2345XY", salt)
    assert code_matches("ABCD2345XY", salt, stored)
    assert code_matches("abcd-2345 xy", salt, stored)


def test_a_wrong_code_or_another_salt_does_not_match() -> None:
    salt = new_salt()
    stored = hash_code("ABCD2345XY", salt)
    assert not code_matches("ABCD2345XZ", salt, stored)
    assert not code_matches("ABCD2345XY", new_salt(), stored)
    assert not code_matches("ABCD2345XY", salt, "not a hash")


def test_the_hash_is_deterministic_for_a_salt_and_does_not_show_the_code() -> None:
    stored = hash_code("ABCD2345XY", "letter-1")
    assert stored == hash_code("abcd2345xy", "letter-1")
    assert stored.startswith("scrypt$")
    assert "ABCD2345XY" not in stored.upper()


def test_the_letter_prints_the_code_on_its_own_line_in_both_languages() -> None:
    recipient = Recipient("12 rue de la Paix", "71999", "Bourg-Démo", "FR", "A. Martin")
    text = letter_text(recipient, "K7")
    assert "Code: K7\n" in text
    assert "A. Martin\n12 rue de la Paix\n71999 Bourg-Démo" in text
    assert "Bonjour" in text and "Hello" in text


def test_letter_ids_cannot_escape_the_letters_folder() -> None:
    assert check_letter_id("3f2a-01") == "3f2a-01"
    for bad in ("../x", ".hidden", "a/b", "", "x" * 200):
        with pytest.raises(InvalidLetterId):
            check_letter_id(bad)
