"""Headless Chromium for the web client's tests: Debian's /usr/bin/chromium driven by Playwright.

Playwright cannot download a browser of its own here, so it drives the system's chromium
(`make browser` installs it). Each browser starts on a fresh, empty profile directory.

    with chromium(tmp_path) as context:
        page = watched(context.new_page(), console)
        ...
        shoot(page, "journey", "signed-in")   # checks the screen with axe-core, then saves it

Missing chromium (or axe-core, installed by `make nodetools`) skips the test with the command
that installs it, and fails it in CI (CI=true), as tests/conftest.py does for RabbitMQ and
PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect, sync_playwright

CHROMIUM = Path(os.environ.get("QUARTIER_CHROMIUM", "/usr/bin/chromium"))
# The background-networking flags keep chromium from calling home: this network refuses it.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT_MS = 15_000  # a platform under load (two cores, other tests) answers slowly


def require_chromium() -> None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = (
            f"chromium is missing at {CHROMIUM}; install it with: "
            "sudo apt-get install -y chromium chromium-driver (or: make browser)"
        )
    elif not AXE.is_file():
        message = f"axe-core is missing at {AXE}; install it with: make nodetools (npm ci)"
    else:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@contextlib.contextmanager
def chromium(
    profile_parent: Path, width: int = 1280, height: int = 800
) -> Iterator[BrowserContext]:
    """A headless browser on a new profile under `profile_parent`, in French (fr-FR)."""
    require_chromium()
    profile = profile_parent / "chromium-profile"
    profile.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=LAUNCH_ARGS,
            headless=True,
            locale="fr-FR",
            viewport={"width": width, "height": height},
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


class Site(Protocol):
    base_url: str


class Person(Protocol):
    email: str
    password: str


@contextlib.contextmanager
def signed_in(
    profiles: Path, site: Site, who: Person, console: list[str], width: int = 1280
) -> Iterator[Page]:
    """A page on which `who` has signed in, in a new browser (a profile of its own under
    `profiles`), its console messages collected into `console`."""
    with chromium(Path(tempfile.mkdtemp(dir=profiles)), width=width, height=800) as context:
        page = watched(context.new_page(), console)
        sign_in(page, site.base_url, who.email, who.password)
        yield page


def sign_in(page: Page, base_url: str, email: str, password: str, *, wait: bool = True) -> None:
    """Sign in through the French sign-in form; with `wait`, until the header offers sign-out
    (without it, the caller checks what the form answered)."""
    page.goto(base_url + "/sign-in")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    if wait:
        expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def watched(page: Page, messages: list[str]) -> Page:
    """Collect the page's console messages and uncaught errors into `messages`."""

    def on_console(message: ConsoleMessage) -> None:
        messages.append(f"{message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return page


def assert_nothing_personal(console: list[str], *values: str) -> None:
    """No console message (collected by `watched`) shows one of `values`, a policy violation
    or an uncaught error."""
    for message in console:
        leaked = [v for v in values if v and v.lower() in message.lower()]
        assert not leaked, "personal data in the browser console"
        assert "Content Security Policy" not in message, message
        assert not message.startswith("pageerror"), message


# Every element of a map's SVG (an outline) that the Tab key would reach: focusable, and not
# taken out of the order by tabindex="-1". Chromium makes an SVG element focusable once it has
# a focus listener (Leaflet's tooltips add one) while its tabIndex still reads -1, so focus()
# is the only honest probe.
SVG_TAB_STOPS = """() => [...document.querySelectorAll("svg *")].filter((el) => {
    if (el.getAttribute("tabindex") === "-1") return false;
    const before = document.activeElement;
    el.focus({ preventScroll: true });
    const reached = document.activeElement === el;
    if (reached) el.blur();
    before?.focus?.({ preventScroll: true });
    return reached;
  }).map((el) => el.outerHTML.slice(0, 120))"""

# Leaflet's own English names, left on a control of a page in another language.
UNTRANSLATED_CONTROLS = """() => document.documentElement.lang === "en" ? [] :
  [...document.querySelectorAll(".leaflet-control a, .leaflet-control button")]
    .map((el) => el.getAttribute("aria-label") || el.title)
    .filter((name) => /^Zoom (in|out)$/.test(name || ""))"""


def assert_accessible(page: Page, step: str) -> None:
    """axe-core finds no violation on the screen as it is now, no map outline is a Tab stop and
    the map's controls speak the page's language.

    The script is evaluated through the DevTools protocol, which the page's CSP does not govern
    (a <script> tag would be refused, as it should be)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text() + "\n;true")
    violations = page.evaluate(
        """async () => (await window.axe.run(document, {resultTypes: ["violations"]}))
            .violations.map((v) => `${v.id} (${v.impact}): ${v.help} at `
              + v.nodes.map((n) => n.target.join(" ")).join(", "))"""
    )
    assert violations == [], f"axe-core at step {step!r}: {violations}"
    stops = page.evaluate(SVG_TAB_STOPS)
    assert stops == [], f"map outlines in the Tab order at step {step!r}: {stops}"
    english = page.evaluate(UNTRANSLATED_CONTROLS)
    assert english == [], f"map controls left in English at step {step!r}: {english}"


def shoot(page: Page, test: str, step: str) -> Path:
    """Check the screen's accessibility (assert_accessible), then save a full-page screenshot
    as test-artifacts/web/<test>/<nn>-<step>.png."""
    assert_accessible(page, step)
    folder = ARTIFACTS / test
    folder.mkdir(parents=True, exist_ok=True)
    number = len(list(folder.glob("*.png"))) + 1
    path = folder / f"{number:02d}-{re.sub(r'[^a-z0-9]+', '-', step.lower()).strip('-')}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fresh_artifacts(test: str) -> None:
    """Empty the test's screenshot folder, so that it shows only the latest run."""
    folder = ARTIFACTS / test
    if folder.is_dir():
        for old in folder.glob("*.png"):
            old.unlink()
