"""The neighbourhood screens in headless Chromium, against the whole platform (relay, identity,
neighbourhoods, gateway).

Three residents of the demo town (identity/data/ban-demo.csv), verified by letter: Alix at 2 and
Bastien at 12 rue de la Paix, Chloé at 7 Grande Rue, a street further north. Alix founds a
neighbourhood around both homes of rue de la Paix by typing its outline's points (no map tiles
can load here: the map is blank, the list of points is the way in); Bastien finds it around his
home, joins it and sees its members, each with the address they chose to show; Alix makes him a
moderator, which the moderation log records; Chloé, whose home lies outside, is refused with the
distance, on a phone-sized screen. Screenshots land in test-artifacts/web/neighbourhoods/.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.support.answers import expect as expect_status
from tests.support.browser import chromium, fresh_artifacts, shoot, sign_in, watched
from tests.support.platform import DEMO_CITY, DEMO_POSTCODE, Platform, Resident

# browser_present (tests/e2e/conftest.py) first: without a browser the platform is not started.
pytestmark = [pytest.mark.rabbitmq, pytest.mark.usefixtures("browser_present")]

ARTIFACTS = "neighbourhoods"
Q = "\N{RIGHT SINGLE QUOTATION MARK}"  # the typographic apostrophe of the French texts
# Corners (latitude, longitude) of a rectangle of about 0.25 km² around 2 rue de la Paix
# (46.661919, 4.862321) and 12 rue de la Paix (46.661919, 4.866903); 7 Grande Rue (46.663701,
# 4.866485) is about 78 m north of its top side. Typed as a French keyboard would, some with a
# decimal comma.
OUTLINE = [("46,663", "4.86"), ("46.663", "4,87"), ("46.66", "4.87"), ("46.66", "4.86")]


def signed_in_page(
    context: BrowserContext, platform: Platform, resident: Resident, console: list[str]
) -> Page:
    """A new page, watched into `console`, on which `resident` has signed in."""
    page = watched(context.new_page(), console)
    sign_in(page, platform.base_url, resident.email, resident.password)
    return page


def verified_at(platform: Platform, line: str, display_name: str) -> Resident:
    """A signed-in resident verified by letter at `line` in the demo town."""
    address = {"line": line, "postcode": DEMO_POSTCODE, "city": DEMO_CITY, "country": "FR"}
    return platform.verify_by_letter(platform.signed_in(display_name), address)


def disclose(platform: Platform, resident: Resident, level: str) -> None:
    changed = platform.call("PATCH", "/me", headers=resident.auth, json={"disclosure": level})
    expect_status(changed, 200, "change disclosure")


def open_neighbourhoods(page: Page) -> None:
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Quartiers"
    ).click()
    heading = page.get_by_role("heading", name="Les quartiers autour de chez moi", level=1)
    expect(heading).to_be_visible()


def assert_clean(console: list[str], *values: str) -> None:
    """No script error, no Content-Security-Policy refusal, no personal value in the console."""
    for message in console:
        assert "Content Security Policy" not in message, message
        assert not message.startswith("pageerror"), message
        leaked = [v for v in values if v and v.lower() in message.lower()]
        assert not leaked, "personal data in the browser console"


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px screen"


def found_card(page: Page, name: str) -> Locator:
    return (
        page.get_by_role("list", name="Quartiers trouvés")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name=name))
    )


def test_residents_found_find_and_join_a_neighbourhood_and_a_home_outside_is_refused(
    platform: Platform, tmp_path: Path
) -> None:
    fresh_artifacts(ARTIFACTS)
    alix = platform.verified(2, "Alix M.")
    bastien = platform.verified(12, "Bastien R.")
    chloe = verified_at(platform, "7 Grande Rue", "Chloé T.")
    disclose(platform, alix, "full")
    name = f"Quartier de la Paix {uuid.uuid4().hex[:6]}"
    console: list[str] = []
    with chromium(tmp_path / "alix") as context:
        found_by_alix(context, platform, alix, name, console)
    with chromium(tmp_path / "bastien") as context:
        joined_by_bastien(context, platform, bastien, name, console)
    with chromium(tmp_path / "alix-again") as context:
        moderator_appointed_by_alix(context, platform, alix, name, console)
    with chromium(tmp_path / "chloe", width=375, height=740) as context:
        refused_to_chloe(context, platform, chloe, name, console)
    people = (alix, bastien, chloe)
    assert_clean(console, *(p.email for p in people), *(p.password for p in people))


def found_by_alix(
    context: BrowserContext, platform: Platform, alix: Resident, name: str, console: list[str]
) -> None:
    page = signed_in_page(context, platform, alix, console)
    open_neighbourhoods(page)
    page.get_by_role("link", name="Créer un quartier").click()
    expect(page.get_by_role("heading", name="Créer un quartier", level=1)).to_be_focused()
    page.get_by_label("Nom du quartier").fill(name)
    page.get_by_label("Description").fill("Autour de la rue de la Paix, de la gare au lavoir.")

    # Two points make no outline: said next to the list, before anything is sent.
    for latitude, longitude in OUTLINE[:2]:
        add_point(page, latitude, longitude)
    page.get_by_role("button", name="Créer le quartier").click()
    form = page.get_by_role("form", name="Créer un quartier")
    expect(form.get_by_role("alert").first).to_contain_text("au moins 3 points")
    expect(page.get_by_role("group", name="Contour du quartier")).to_have_attribute(
        "aria-invalid", "true"
    )
    shoot(page, ARTIFACTS, "create-too-few-points")

    for latitude, longitude in OUTLINE[2:]:
        add_point(page, latitude, longitude)
    summary = page.locator("#outline-summary")
    expect(summary).to_contain_text("4 points · surface ≈ 0,25 km².")
    expect(summary).to_contain_text(f"Votre domicile est à l{Q}intérieur.")
    expect(page.locator(".map-canvas .leaflet-interactive").first).to_be_visible()
    shoot(page, ARTIFACTS, "create-outline-typed")
    page.get_by_role("button", name="Créer le quartier").click()

    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Votre quartier est créé")
    expect(page.get_by_text("En formation")).to_be_visible()
    expect(page.get_by_text("1 membre", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(rf"Vous l{Q}avez fondé, le \d+"))).to_be_visible()
    switcher = page.get_by_role("navigation", name="Mes quartiers")
    expect(switcher.get_by_role("link", name=name)).to_be_visible()
    page.get_by_text("Les points du contour").click()
    points = page.get_by_role("table", name=f"Points du contour, dans l{Q}ordre")
    expect(points.get_by_role("row")).to_have_count(len(OUTLINE) + 1)
    expect(points.get_by_role("row").nth(1)).to_contain_text("46.663")
    shoot(page, ARTIFACTS, "created")


def add_point(page: Page, latitude: str, longitude: str) -> None:
    """From the keyboard: the new row's latitude gets the focus, Tab leads to its longitude."""
    count = page.get_by_role("group", name=re.compile(r"^Point \d+$")).count()
    page.get_by_role("button", name="Ajouter un point").click()
    point = page.get_by_role("group", name=f"Point {count + 1}", exact=True)
    expect(point.get_by_label("Latitude")).to_be_focused()
    page.keyboard.type(latitude)
    page.keyboard.press("Tab")
    expect(point.get_by_label("Longitude")).to_be_focused()
    page.keyboard.type(longitude)
    page.keyboard.press("Tab")  # leaving the input settles the point: the map draws it


def joined_by_bastien(
    context: BrowserContext, platform: Platform, bastien: Resident, name: str, console: list[str]
) -> None:
    page = signed_in_page(context, platform, bastien, console)
    open_neighbourhoods(page)
    card = found_card(page, name)
    expect(card).to_contain_text("Votre domicile est dans ce quartier")
    expect(card).to_contain_text("1 membre")
    expect(card).to_contain_text("En formation")  # not a member yet: the search says it
    shoot(page, ARTIFACTS, "found-around-home")
    card.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(page.get_by_text("réservés aux membres")).to_be_visible()
    page.get_by_role("button", name="Rejoindre ce quartier").click()

    expect(page.get_by_role("status")).to_contain_text("Bienvenue dans le quartier")
    expect(page.get_by_text("2 membres", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Vous en êtes membre depuis le \d+"))).to_be_visible()
    shoot(page, ARTIFACTS, "joined")
    page.get_by_role("link", name="Voir les membres (2)").click()
    expect(page.get_by_role("heading", name=f"Membres de {name}", level=1)).to_be_visible()
    members = page.locator(".members > li")
    expect(members).to_have_count(2)
    expect(members.nth(0)).to_contain_text("Alix M.")
    expect(members.nth(0)).to_contain_text("Fondateur")
    full = re.compile(rf"2 rue de la Paix, {DEMO_POSTCODE} {DEMO_CITY}", re.IGNORECASE)
    expect(members.nth(0).locator(".member-address")).to_have_text(full)
    expect(members.nth(1)).to_contain_text("Bastien R.")
    expect(members.nth(1)).to_contain_text("Membre")
    street_only = re.compile(r"^rue de la Paix$", re.IGNORECASE)
    expect(members.nth(1).locator(".member-address")).to_have_text(street_only)
    # A plain member decides nothing about others.
    expect(page.locator(".member-actions")).to_have_count(0)
    shoot(page, ARTIFACTS, "members")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name=f"Members of {name}", level=1)).to_be_visible()
    expect(members.nth(0)).to_contain_text("Founder")
    expect(page.get_by_role("navigation", name="My neighbourhoods")).to_be_visible()
    shoot(page, ARTIFACTS, "members-english")


def moderator_appointed_by_alix(
    context: BrowserContext, platform: Platform, alix: Resident, name: str, console: list[str]
) -> None:
    page = signed_in_page(context, platform, alix, console)
    page.get_by_role("navigation", name="Mes quartiers").get_by_role("link", name=name).click()
    expect(page.get_by_text("2 membres", exact=True)).to_be_visible()
    page.get_by_role("link", name="Voir les membres (2)").click()
    page.get_by_role("button", name="Nommer Bastien R. modérateur").click()
    dialog = page.get_by_role("dialog", name="Nommer Bastien R. modérateur")
    expect(dialog).to_be_visible()
    shoot(page, ARTIFACTS, "appoint-dialog")
    dialog.get_by_role("button", name="Nommer Bastien R. modérateur").click()
    expect(page.get_by_role("status")).to_contain_text("Bastien R. modère désormais le quartier.")
    expect(page.locator(".members > li").nth(1)).to_contain_text("Modération")
    page.get_by_role("link", name=f"Retour à {name}").click()
    page.get_by_role("link", name="Journal de modération").click()
    expect(page.get_by_role("heading", name=f"Journal de modération de {name}")).to_be_visible()
    expect(page.locator(".log > li").first).to_contain_text(
        "Alix M. a nommé Bastien R. modérateur."
    )
    shoot(page, ARTIFACTS, "moderation-log")


def refused_to_chloe(
    context: BrowserContext, platform: Platform, chloe: Resident, name: str, console: list[str]
) -> None:
    page = signed_in_page(context, platform, chloe, console)
    open_neighbourhoods(page)
    card = found_card(page, name)
    expect(card).to_contain_text(re.compile(r"À \d+\sm de chez vous"))
    assert_fits(page)
    shoot(page, ARTIFACTS, "phone-found-nearby")
    card.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    page.get_by_role("button", name="Rejoindre ce quartier").click()
    refusal = page.locator(".join").get_by_role("alert")
    expect(refusal).to_have_text(
        re.compile(
            rf"Votre domicile n{Q}est pas dans ce quartier : il se trouve à \d+\sm de son contour"
        )
    )
    distance = int(re.findall(r"à (\d+)\sm", refusal.inner_text())[0])
    assert 50 <= distance <= 110, f"the home is said to be {distance} m outside"
    expect(page.get_by_role("button", name="Rejoindre ce quartier")).to_be_enabled()
    assert_fits(page)
    shoot(page, ARTIFACTS, "phone-refused-outside")
    page.goto(platform.base_url + "/neighbourhoods/new")
    page.get_by_role("button", name="Ajouter un point").click()
    expect(page.get_by_role("group", name="Point 1", exact=True)).to_be_visible()
    assert_fits(page)
    shoot(page, ARTIFACTS, "phone-create")


def founded(platform: Platform, founder: Resident, name: str) -> str:
    """A neighbourhood founded through the API around rue de la Paix; its id."""
    boundary = {
        "type": "Polygon",
        "coordinates": [
            [[4.86, 46.663], [4.87, 46.663], [4.87, 46.66], [4.86, 46.66], [4.86, 46.663]]
        ],
    }
    answer = platform.call(
        "POST",
        "/neighbourhoods",
        headers=founder.auth,
        json={"name": name, "description": "", "boundary": boundary},
    )
    expect_status(answer, 201, "found a neighbourhood")
    return str(answer.json()["neighbourhood_id"])


def test_a_removed_member_asks_to_come_back_is_let_back_in_then_leaves(
    platform: Platform, tmp_path: Path
) -> None:
    test = f"{ARTIFACTS}/moderation"
    fresh_artifacts(test)
    founder = platform.verified(4, "Dana F.")
    member = platform.verified(6, "Eli G.")
    name = f"Quartier des Lilas {uuid.uuid4().hex[:6]}"
    hood = founded(platform, founder, name)
    # A second one over the same streets: the header's switcher then lists both.
    other = founded(platform, founder, f"{name} bis")
    joined = platform.call("POST", f"/neighbourhoods/{hood}/members", headers=member.auth)
    expect_status(joined, 201, "join")
    console: list[str] = []

    @contextlib.contextmanager
    def session(resident: Resident, folder: str, path: str) -> Iterator[Page]:
        """A browser of its own, the resident signed in, at `path`."""
        with chromium(tmp_path / folder) as context:
            page = signed_in_page(context, platform, resident, console)
            page.goto(f"{platform.base_url}{path}")
            yield page

    with session(founder, "founder", f"/neighbourhoods/{hood}/members") as moderator:
        moderator.get_by_role("button", name="Exclure Eli G.…").click()
        dialog = moderator.get_by_role("dialog", name="Exclure Eli G. du quartier ?")
        reason = dialog.get_by_label(f"Motif de l{Q}exclusion")
        expect(reason).to_be_focused()
        dialog.get_by_role("button", name="Exclure du quartier").click()
        expect(reason).to_have_attribute("aria-invalid", "true")
        reason.fill("Annonces répétées hors sujet.")
        shoot(moderator, test, "remove-dialog")
        dialog.get_by_role("button", name="Exclure du quartier").click()
        expect(moderator.get_by_role("status")).to_contain_text("Eli G. a été exclu du quartier.")
        expect(moderator.locator(".members > li")).to_have_count(1)

    with session(member, "member", f"/neighbourhoods/{hood}") as removed:
        removed.get_by_role("button", name="Rejoindre ce quartier").click()
        expect(removed.locator(".join").get_by_role("alert")).to_contain_text(
            "un modérateur doit accepter votre retour"
        )
        removed.get_by_label("Message aux modérateurs").fill("Désolé, je serai plus attentif.")
        removed.get_by_role("button", name="Envoyer ma demande").click()
        expect(removed.get_by_role("status")).to_contain_text("Votre demande est envoyée")
        shoot(removed, test, "rejoin-asked")

    with session(founder, "founder-again", f"/neighbourhoods/{other}") as moderator:
        switcher = moderator.get_by_role("navigation", name="Mes quartiers")
        switcher.get_by_text("Mes quartiers").click()
        expect(switcher.get_by_role("link", name=f"{name} bis")).to_have_attribute(
            "aria-current", "page"
        )
        shoot(moderator, test, "switcher")
        switcher.get_by_role("link", name=name, exact=True).click()
        expect(moderator.get_by_role("heading", name=name, exact=True, level=1)).to_be_visible()
        requests = moderator.get_by_role("region", name="Demandes de retour")
        expect(requests).to_contain_text("Désolé, je serai plus attentif.")
        requests.get_by_role("button", name="Accepter le retour de Eli G.").click()
        moderator.get_by_role("dialog").get_by_role(
            "button", name="Accepter le retour de Eli G."
        ).click()
        expect(moderator.get_by_role("status")).to_contain_text("Eli G. peut rejoindre le quartier")
        moderator.get_by_role("link", name="Journal de modération").click()
        entries = moderator.locator(".log > li")
        expect(entries.nth(0)).to_contain_text("Dana F. a accepté le retour de Eli G.")
        expect(entries.nth(1)).to_contain_text("Dana F. a exclu Eli G.")
        expect(entries.nth(1)).to_contain_text("Motif : Annonces répétées hors sujet.")
        shoot(moderator, test, "moderation-log")

    with session(member, "member-again", f"/neighbourhoods/{hood}") as back:
        back.get_by_role("button", name="Rejoindre ce quartier").click()
        expect(back.get_by_role("status")).to_contain_text("Bienvenue dans le quartier")
        back.get_by_role("button", name="Quitter ce quartier…").click()
        leaving = back.get_by_role("dialog", name="Quitter ce quartier ?")
        expect(leaving.get_by_role("button", name="Annuler")).to_be_focused()
        leaving.get_by_role("button", name="Oui, quitter le quartier").click()
        expect(back.get_by_role("status")).to_contain_text("Vous avez quitté le quartier.")
        expect(back.get_by_role("navigation", name="Mes quartiers")).to_have_count(0)
        shoot(back, test, "left")
    people = (founder, member)
    assert_clean(console, *(p.email for p in people), *(p.password for p in people))


def test_a_member_reads_a_pending_boundary_proposal_in_the_moderation_log(
    platform: Platform, tmp_path: Path
) -> None:
    test = f"{ARTIFACTS}/boundary-proposal"
    fresh_artifacts(test)
    founder = platform.verified(2, "Flora H.")
    member = platform.verified(12, "Gaspard I.")
    hood = founded(platform, founder, f"Quartier du Lavoir {uuid.uuid4().hex[:6]}")
    joined = platform.call("POST", f"/neighbourhoods/{hood}/members", headers=member.auth)
    expect_status(joined, 201, "join")
    smaller = {
        "type": "Polygon",
        "coordinates": [
            [[4.86, 46.663], [4.864, 46.663], [4.864, 46.66], [4.86, 46.66], [4.86, 46.663]]
        ],
    }
    proposed = platform.call(
        "PATCH",
        f"/neighbourhoods/{hood}",
        headers=founder.auth,
        json={"boundary": smaller, "reason": "Seulement notre côté de la rue"},
    )
    expect_status(proposed, 202, "propose a smaller outline")
    console: list[str] = []
    with chromium(tmp_path / "member") as context:
        page = signed_in_page(context, platform, member, console)
        page.goto(f"{platform.base_url}/neighbourhoods/{hood}/log")
        entry = page.locator(".log > li").first
        expect(entry).to_contain_text(
            "Flora H. a proposé un contour plus restreint, soumis aux opérateurs de la plateforme."
        )
        expect(entry).to_contain_text("Motif : Seulement notre côté de la rue")
        expect(entry).to_contain_text("Proposition en attente de décision.")
        shoot(page, test, "pending-proposal")
    assert_clean(console, member.email, founder.email)
