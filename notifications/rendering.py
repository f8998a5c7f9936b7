"""E-mails rendered from the Jinja2 templates of notifications/templates/<language>/: for each
type `<type>.subject.j2`, `<type>.txt.j2` and `<type>.html.j2` (HTML autoescaped), on the
language's `_layout` templates; `digest.*` gathers a day's notifications.

Every template gets `recipient_name`, `base_url`, `unsubscribe_url` (None for the account's
own mails), `link` (the page it leads to; for the account's mails, the link with its token)
and the notification's params by name; account mails also `expires_minutes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from contracts.identity.accounts import DEFAULT_LANGUAGE, LANGUAGES
from notifications import links
from notifications.domain.delivery import grouped

TEMPLATES = Path(__file__).parent / "templates"
HEADINGS = {
    "fr": {
        "identity": "Votre adresse",
        "neighbourhoods": "Vos quartiers",
        "listings": "Annonces",
        "exchanges": "Prêts, trajets et achats",
        "matching": "Mises en relation",
    },
    "en": {
        "identity": "Your address",
        "neighbourhoods": "Your neighbourhoods",
        "listings": "Listings",
        "exchanges": "Loans, trips and purchases",
        "matching": "Matches and connections",
    },
}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


class Renderer:
    def __init__(self, base_url: str, folder: Path = TEMPLATES) -> None:
        self.base_url = base_url.rstrip("/")
        loader = FileSystemLoader(str(folder))
        self._text = Environment(
            loader=loader, autoescape=False, keep_trailing_newline=True, trim_blocks=True
        )
        self._html = Environment(loader=loader, autoescape=select_autoescape(["html.j2"]))

    def language(self, asked: str | None) -> str:
        return asked if asked in LANGUAGES else DEFAULT_LANGUAGE

    def one(
        self,
        kind: str,
        language: str | None,
        recipient_name: str | None,
        params: Mapping[str, Any],
        unsubscribe_url: str | None,
        **extra: Any,
    ) -> Rendered:
        """A notification's e-mail."""
        lang = self.language(language)
        values = {
            **{k: v for k, v in params.items()},
            "recipient_name": recipient_name,
            "base_url": self.base_url,
            "unsubscribe_url": unsubscribe_url,
            "link": self.base_url + links.path(kind, params),
            **extra,
        }
        return self._render(f"{lang}/{kind}", values)

    def digest(
        self,
        language: str | None,
        recipient_name: str | None,
        items: Sequence[Mapping[str, Any]],
    ) -> Rendered:
        """The daily digest: `items` are {notification_id, type, params, created_at}."""
        lang = self.language(language)
        groups = [
            {
                "heading": HEADINGS[lang][group],
                "entries": [
                    {
                        "line": self.line(lang, item["type"], item["params"]),
                        "link": self.base_url + links.path(item["type"], item["params"]),
                    }
                    for item in listed
                ],
            }
            for group, listed in grouped(items)
        ]
        values = {
            "recipient_name": recipient_name,
            "base_url": self.base_url,
            "unsubscribe_url": None,
            "link": None,
            "groups": groups,
            "count": len(items),
        }
        return self._render(f"{lang}/digest", values)

    def line(self, language: str, kind: str, params: Mapping[str, Any]) -> str:
        """A notification in one line (its subject)."""
        return self._text.get_template(f"{language}/{kind}.subject.j2").render(**params).strip()

    def _render(self, name: str, values: Mapping[str, Any]) -> Rendered:
        subject = self._text.get_template(f"{name}.subject.j2").render(**values)
        return Rendered(
            " ".join(subject.split()),
            self._text.get_template(f"{name}.txt.j2").render(**values),
            self._html.get_template(f"{name}.html.j2").render(**values),
        )
