"""The one text field of every request: well-formed Unicode, NFC, no control or bidi override
characters, something visible, a letter in a name; passwords only well-formed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError

from services.gateway.http.text import EmailText, Text


class Sample(Schema):
    line = Text(1, 20)
    lines = Text(0, 50, lines=True)
    name = Text(1, 20, name=True)
    secret = Text(1, 50, secret=True)
    email = EmailText(1, 254)


def errors(**data: str) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        Sample().load(data)
    messages: dict[str, list[str]] = caught.value.normalized_messages()  # type: ignore[no-untyped-call]
    return messages


@pytest.mark.parametrize(
    "text",
    [
        "Ada \ud800",
        "\udfffAda",
        "Ada\x00",
        "Ada\x7f",
        "Ada\x1b[0m",
        "A\u202eda",
        "\u2066Ada",
        "\u200b",
        " \u00a0 ",
        "\ufeff",
        "Ada\uffff",
        "Ada\ufdd0",
    ],
)
def test_hostile_text_is_refused(text: str) -> None:
    assert set(errors(line=text)) == {"line"}


def test_line_breaks_and_tabs_only_where_lines_are_allowed() -> None:
    assert Sample().load({"lines": "one\ntwo\tthree\r\n"})["lines"] == "one\ntwo\tthree\r\n"
    assert set(errors(line="one\ntwo")) == {"line"}


def test_text_is_stored_in_nfc_and_its_length_counted_after() -> None:
    assert Sample().load({"line": "Zoe\u0301"})["line"] == "Zo\u00e9"
    assert Sample().load({"line": "e\u0301" * 20})["line"] == "\u00e9" * 20


def test_a_name_holds_a_letter() -> None:
    assert set(errors(name="1234")) == {"name"}
    assert Sample().load({"name": "Ana-Lú 2"})["name"] == "Ana-Lú 2"
    assert Sample().load({"name": "\u0627\u200f\u0644"})["name"]  # Arabic with an RLM mark


def test_a_password_is_only_checked_for_well_formed_unicode() -> None:
    kept = "e\u0301\x00\u202e \u200b"
    assert Sample().load({"secret": kept})["secret"] == kept
    assert set(errors(secret="pass\ud800word")) == {"secret"}


def test_an_email_is_text_and_an_address() -> None:
    assert set(errors(email="ada\ud800@example.org")) == {"email"}
    assert set(errors(email="not an address")) == {"email"}
    assert Sample().load({"email": "ada@example.org"})["email"] == "ada@example.org"


@given(st.text(max_size=30))
def test_whatever_is_accepted_can_be_written_as_utf8_and_is_nfc(text: str) -> None:
    import unicodedata

    try:
        loaded = Sample().load({"lines": text})["lines"]
    except ValidationError:
        return
    loaded.encode("utf-8")
    assert unicodedata.is_normalized("NFC", loaded)
