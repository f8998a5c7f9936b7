"""Notifications through the gateway's HTTP API, against the real platform and its embedded mail
server: a response to my listing reaches my open page live (Server-Sent Events) and my inbox;
an alert reaches every member at once, in the inbox and by e-mail; the e-mail's one-click
unsubscribe stops that kind of e-mail and no other; the stream resumes after Last-Event-ID
without loss or repeat; bad preferences are refused and change nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.notifications.support import Listening, confirm_email, mails_to
from tests.support.answers import answered, assert_error
from tests.support.neighbours import gathered
from tests.support.platform import Platform, Resident
from tests.support.waiting import eventually

pytestmark = pytest.mark.rabbitmq

RIGHT_AWAY = {
    "types": {},
    "email_frequency": "immediate",
    "digest_hour": 18,
    "quiet_hours": None,
    "time_zone": "Europe/Paris",
}


def post(
    platform: Platform, who: Resident, path: str, body: dict[str, Any] | None, status: int
) -> Any:
    answer = platform.call(
        "POST", path, headers=who.auth, params={"after": who.position}, json=body
    )
    shown = answered(answer, status, f"POST {path}")
    who.position = shown.get("position") or who.position
    return shown


def inbox(platform: Platform, who: Resident, **query: Any) -> list[dict[str, Any]]:
    answer = platform.call("GET", "/notifications", headers=who.auth, params=query)
    return list(answered(answer, 200, "my notifications")["items"])


def publish(platform: Platform, who: Resident, nid: str, title: str, category: str = "loan") -> str:
    details = {"item": title} if category == "loan" else {"alert_type": "lost_pet"}
    kind = "offer"  # an alert is given, never asked for
    body = {
        "kind": kind,
        "category": category,
        "title": title,
        "description": "",
        "details": details,
    }
    return str(post(platform, who, f"/neighbourhoods/{nid}/listings", body, 201)["listing_id"])


@pytest.fixture(scope="module")
def street(platform: Platform) -> dict[str, Any]:
    ada, bob, cleo = (
        platform.verified(2, "Ada"),
        platform.verified(8, "Bob"),
        platform.verified(12, "Cleo"),
    )
    nid = gathered(platform, ada, bob, cleo)
    for who in (ada, bob, cleo):
        confirm_email(platform, who)
        answer = platform.call(
            "PUT", "/me/notification-preferences", headers=who.auth, json=RIGHT_AWAY
        )
        answered(answer, 200, "choose preferences")
    return {"ada": ada, "bob": bob, "cleo": cleo, "nid": nid}


def test_a_response_to_my_listing_reaches_my_open_page_and_my_inbox(
    platform: Platform, street: dict[str, Any]
) -> None:
    ada, bob, nid = street["ada"], street["bob"], street["nid"]
    lid = publish(platform, ada, nid, "Perceuse")
    page = Listening(platform, ada)
    try:
        bob.position = ada.position
        post(
            platform,
            bob,
            f"/listings/{lid}/responses",
            {"message": "Je peux passer ce soir ?"},
            201,
        )
        (live,) = eventually(
            lambda: [e for e in page.notifications() if e["data"]["type"] == "response_received"],
            what="the response on Ada's open page",
        )
    finally:
        page.close()
    told = live["data"]
    assert told["params"]["title"] == "Perceuse" and told["params"]["name"] == "Bob"
    assert told["link"] == f"/listings/{lid}"
    mine = inbox(platform, ada, after=bob.position)
    assert mine[0]["notification_id"] == told["notification_id"] and not mine[0]["read"]
    count = platform.call("GET", "/notifications/unread-count", headers=ada.auth).json()["count"]
    post(platform, ada, f"/notifications/{told['notification_id']}/read", None, 200)
    after_read = platform.call(
        "GET", "/notifications/unread-count", headers=ada.auth, params={"after": ada.position}
    )
    assert answered(after_read, 200, "unread count")["count"] == count - 1
    post(platform, ada, "/notifications/read-all", None, 200)
    assert inbox(platform, ada, after=ada.position, unread="true") == []


def test_the_stream_resumes_after_the_last_event_id_without_loss_or_repeat(
    platform: Platform, street: dict[str, Any]
) -> None:
    ada, cleo, nid = street["ada"], street["cleo"], street["nid"]
    first = Listening(platform, cleo)
    publish(platform, ada, nid, "Échelle")
    (seen,) = eventually(lambda: first.notifications(), what="the first listing on Cleo's page")
    first.close()
    publish(platform, ada, nid, "Tondeuse")
    publish(platform, ada, nid, "Brouette")
    again = Listening(platform, cleo, last_event_id=seen["id"])
    try:
        eventually(lambda: len(again.notifications()) >= 2, what="the two missed listings")
        got = again.notifications()
    finally:
        again.close()
    titles = [e["data"]["params"]["title"] for e in got]
    assert titles == ["Tondeuse", "Brouette"]


def test_an_alert_reaches_every_member_at_once_and_one_click_unsubscribe_stops_that_kind(
    platform: Platform, street: dict[str, Any]
) -> None:
    ada, bob, cleo, nid = street["ada"], street["bob"], street["cleo"], street["nid"]
    publish(platform, ada, nid, "Chat perdu", category="alert")

    def alerted(member: Resident) -> bool:
        return any(n["type"] == "alert" for n in inbox(platform, member))

    eventually(lambda: alerted(bob) and alerted(cleo), what="the alert in every member's inbox")
    alert_mail = eventually(
        lambda: [m for m in mails_to(platform, bob) if "Chat perdu" in m["Subject"]],
        what="the alert e-mailed to Bob",
    )[0]
    assert eventually(
        lambda: [m for m in mails_to(platform, cleo) if "Chat perdu" in m["Subject"]],
        what="the alert e-mailed to Cleo",
    )
    assert alert_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.fullmatch(r"<(.+)>", alert_mail["List-Unsubscribe"])
    assert link is not None
    token = link.group(1).split("token=")[1]
    what = platform.call("GET", "/unsubscribe", params={"token": token})
    assert answered(what, 200, "what the link stops") == {"type": "alert", "email": True}
    # The mail client's one click: no session, the RFC 8058 body.
    done = platform.call(
        "POST", "/unsubscribe", params={"token": token}, data="List-Unsubscribe=One-Click"
    )
    answered(done, 200, "one-click unsubscribe")
    assert (
        answered(platform.call("GET", "/unsubscribe", params={"token": token}), 200, "again")[
            "email"
        ]
        is False
    )
    assert_error(
        platform.call("POST", "/unsubscribe", params={"token": token[:-2] + "xx"}), 404, "not_found"
    )

    publish(platform, ada, nid, "Chien perdu", category="alert")
    # A later e-mail to Bob (a response to his listing) is the marker: once it is there, the
    # second alert's e-mail would have been too.
    lid = publish(platform, bob, nid, "Scie")
    ada.position = bob.position
    post(platform, ada, f"/listings/{lid}/responses", {"message": "Je la prendrais bien."}, 201)
    eventually(
        lambda: [m for m in mails_to(platform, bob) if "Scie" in m["Subject"]],
        what="the marker e-mail",
    )
    assert not [m for m in mails_to(platform, bob) if "Chien perdu" in m["Subject"]]
    assert [n for n in inbox(platform, bob) if n["params"].get("title") == "Chien perdu"], (
        "still in the inbox"
    )
    assert eventually(
        lambda: [m for m in mails_to(platform, cleo) if "Chien perdu" in m["Subject"]],
        what="Cleo still e-mailed",
    )


def test_bad_preferences_are_refused_and_change_nothing(
    platform: Platform, street: dict[str, Any]
) -> None:
    cleo = street["cleo"]
    before = answered(
        platform.call("GET", "/me/notification-preferences", headers=cleo.auth), 200, "prefs before"
    )
    for wrong, code in (
        ({**RIGHT_AWAY, "time_zone": "Mars/Olympus"}, "invalid_time_zone"),
        ({**RIGHT_AWAY, "quiet_hours": {"start": "22:00", "end": "22:00"}}, "invalid_quiet_hours"),
    ):
        assert_error(
            platform.call("PUT", "/me/notification-preferences", headers=cleo.auth, json=wrong),
            422,
            code,
        )
    bad = platform.call(
        "PUT",
        "/me/notification-preferences",
        headers=cleo.auth,
        json={**RIGHT_AWAY, "types": {"nope": {"email": False}}},
    )
    assert bad.status_code == 422
    assert (
        answered(
            platform.call("GET", "/me/notification-preferences", headers=cleo.auth), 200, "prefs"
        )
        == before
    )


def test_a_client_that_asks_for_no_stream_gets_what_is_there_and_the_answer_ends(
    platform: Platform, street: dict[str, Any]
) -> None:
    cleo = street["cleo"]
    answer = platform.call("GET", "/notifications/stream", headers=cleo.auth)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/event-stream")
    assert "event: unread" in answer.text
