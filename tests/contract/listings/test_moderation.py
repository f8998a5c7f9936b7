"""Responses, reports and moderation in listings' read model, on SQLite and PostgreSQL: the
author's view of responses, my listings and my responses, the moderators' reports queue and the
listings' entries of the moderation log."""

from __future__ import annotations

import uuid
from typing import Any

from contracts.listings.events import (
    ListingHidden,
    ListingReported,
    ListingRestored,
    ResponderChosen,
    ResponseSent,
)
from listings.projections import moderation, queries
from tests.contract.listings.kit import stream, world


def test_responses_reach_the_author_and_each_responder_sees_their_own(database: Any) -> None:
    w = world(database())
    ada, bob, cleo = (w.people.register(n) for n in ("Ada", "Bob", "Cleo"))
    nid = w.neighbourhood(ada, bob, cleo)
    lid = w.publish(ada, [nid], "Perceuse")
    first, second = uuid.uuid4(), uuid.uuid4()
    w.record(stream(lid), ResponseSent(lid, first, bob, "Samedi ?", w.tick()))
    w.record(stream(lid), ResponseSent(lid, second, cleo, "Dimanche ?", w.tick()))
    w.record(stream(lid), ResponderChosen(lid, second, cleo, ada, uuid.uuid4(), w.tick()))
    answers = w.ask(queries.responses, lid)
    assert [(x["responder"]["display_name"], x["chosen"]) for x in answers] == [
        ("Bob", False),
        ("Cleo", True),
    ]
    seen = w.ask(queries.listing, lid, bob)
    assert (seen["responses_count"], seen["chosen_response_id"]) == (2, str(second))
    assert seen["my_response"]["message"] == "Samedi ?" and seen["reports_count"] is None
    assert [x["type"] for x in seen["history"]] == ["published", "responder_chosen"]
    [mine] = w.ask(queries.my_responses, cleo)["items"]
    assert (mine["chosen"], mine["listing"]["title"]) == (True, "Perceuse")
    assert [x["listing_id"] for x in w.ask(queries.my_listings, ada)["items"]] == [str(lid)]
    assert w.ask(queries.my_listings, bob)["items"] == []


def test_reports_queue_and_the_log_follow_hiding_and_restoring(database: Any) -> None:
    w = world(database())
    founder, ada, *reporters = (w.people.register(n) for n in ("F", "Ada", "B", "C", "D"))
    nid = w.neighbourhood(founder, ada, *reporters)
    lid = w.publish(ada, [nid], "Perceuse")
    for who in reporters:
        w.record(stream(lid), ListingReported(lid, uuid.uuid4(), who, "doublon", w.tick()))
    w.record(stream(lid), ListingHidden(lid, 3, w.tick()))
    [queued] = w.ask(moderation.reports, nid, founder)["items"]
    assert queued["hidden"] and [x["reason"] for x in queued["reports"]] == ["doublon"] * 3
    assert w.ask(queries.listing, lid, founder)["reports_count"] == 3
    w.record(
        stream(lid),
        ListingRestored(lid, nid, ada, "rien d'anormal", w.tick()),
        actor=f"resident:{founder}",
    )
    assert w.ask(moderation.reports, nid, founder)["items"] == []
    restored, hidden = w.ask(moderation.moderation_log, nid, founder)["items"]
    assert (restored["action"], restored["reason"]) == ("listing_restored", "rien d'anormal")
    assert restored["actor"] == {"resident_id": str(founder), "display_name": "F"}
    assert (hidden["action"], hidden["actor"]) == ("listing_hidden", {"system": "listings"})
    [withheld, _] = w.ask(moderation.moderation_log, nid, reporters[0])["items"]
    assert (withheld["reason"], withheld["reason_withheld"]) == (None, True)
    assert w.ask(moderation.moderation_log, nid, ada)["items"][0]["reason"] == "rien d'anormal"
    page = w.ask(moderation.moderation_log, nid, founder, limit=1)
    rest = w.ask(moderation.moderation_log, nid, founder, cursor=page["next_cursor"], limit=1)
    assert rest["items"] == [hidden] and rest["next_cursor"] is None
