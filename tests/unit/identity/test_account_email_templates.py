"""The two account e-mails identity asks for (notifications/templates/<language>/
email_confirmation.* and password_reset.*), rendered with the variables the notifications
service hands every account mail: each says its link, how long it lasts, and nothing to
unsubscribe from, in French and in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from contracts.identity import refusals

TEMPLATES = Path(__file__).parents[3] / "notifications" / "templates"
LIMITS = refusals.ACCOUNT_TOKEN_EXPIRED.limits
LINK = "https://quartier.example/password-reset?token=0123abcd.secret-part"
VALIDITY = {
    ("email_confirmation", "fr"): f"{LIMITS['email_confirmation_hours']} heures",
    ("email_confirmation", "en"): f"{LIMITS['email_confirmation_hours']} hours",
    ("password_reset", "fr"): f"{LIMITS['password_reset_minutes']} minutes",
    ("password_reset", "en"): f"{LIMITS['password_reset_minutes']} minutes",
}
MINUTES = {
    "email_confirmation": LIMITS["email_confirmation_hours"] * 60,
    "password_reset": LIMITS["password_reset_minutes"],
}


def render(name: str, **values: object) -> str:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
    )
    return environment.get_template(name).render(**values)


@pytest.mark.parametrize(("kind", "language"), sorted(VALIDITY))
@pytest.mark.parametrize("part", ["subject", "txt", "html"])
def test_an_account_mail_gives_its_link_and_how_long_it_lasts(
    kind: str, language: str, part: str
) -> None:
    values = {
        "recipient_name": "Zoé <b>",
        "base_url": "https://quartier.example",
        "unsubscribe_url": None,
        "link": LINK,
        "expires_minutes": MINUTES[kind],
    }
    said = render(f"{language}/{kind}.{part}.j2", **values)
    if part == "subject":
        assert said.strip() and "\n" not in said.strip()
        return
    assert LINK in said
    assert VALIDITY[(kind, language)] in said
    assert "unsubscribe" not in said.lower() and "désinscri" not in said.lower()
    if part == "html":
        assert "Zoé &lt;b&gt;" in said  # the name a resident chose is escaped
        assert f'lang="{language}"' in said
