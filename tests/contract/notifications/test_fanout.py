"""A notification for a whole neighbourhood on SQLite and PostgreSQL: each member told as their
preferences say, in a number of statements that does not grow with the members."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from services.subscriptions.database import outbox
from tests.contract.notifications.kit import world


def test_a_new_listing_reaches_thirty_members_in_as_many_statements_as_three(
    database: Callable[[], sa.Engine],
) -> None:
    small, large = _told(database(), each=1), _told(database(), each=10)
    for told in (small, large):
        # Each member has it in their inbox; e-mailed at once, in the digest, or not at all
        # (an unconfirmed address), as each chose.
        assert told["inbox"] == told["members"]
        assert told["mailed"] == told["immediate"]
        assert told["digested"] == told["by digest"]
        assert told["author told"] is False
    assert large["statements"] == small["statements"]


def _told(engine: sa.Engine, each: int) -> dict[str, Any]:
    """A neighbourhood with `each` members of each kind (mail at once, the daily digest, an
    unconfirmed address); what one new listing there did, and in how many statements."""
    w = world(engine)
    author = w.resident("Camille")
    immediate = [w.resident(f"Prompt{n}") for n in range(each)]
    for rid in immediate:
        w.prefer(rid)
    by_digest = [w.resident(f"Patient{n}") for n in range(each)]
    unconfirmed = [w.resident(f"Nouveau{n}", confirmed=False) for n in range(each)]
    members = [*immediate, *by_digest, *unconfirmed]
    nid = w.neighbourhood(author, *members)
    w.tables()
    counted: list[str] = []

    def count(*args: Any) -> None:
        counted.append(args[2])

    sa.event.listen(engine, "before_cursor_execute", count)
    lid = w.publish(author, nid, "Perceuse")
    t = w.tables()
    sa.event.remove(engine, "before_cursor_execute", count)
    with engine.connect() as conn:
        inbox = conn.execute(
            sa.select(t.inbox.c.recipient_id).where(t.inbox.c.type == "new_listing")
        ).scalars()
        digest = conn.execute(
            sa.select(t.digest.c.recipient_id).where(t.digest.c.type == "new_listing")
        ).scalars()
        mails = conn.execute(
            sa.select(outbox.c.idempotency_key).where(outbox.c.payload.contains(str(lid)))
        ).scalars()
        told = {
            "inbox": sorted(inbox),
            "digested": sorted(digest),
            "mailed": sorted(key.split(":")[1] for key in mails),
        }
    return {
        **told,
        "members": _ids(members),
        "immediate": _ids(immediate),
        "by digest": _ids(by_digest),
        "author told": str(author) in told["inbox"],
        "statements": len(counted),
    }


def _ids(residents: list[uuid.UUID]) -> list[str]:
    return sorted(str(r) for r in residents)
