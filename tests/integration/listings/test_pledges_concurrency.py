"""Thirty members pledge at once, each from a process of its own, to one group purchase whose
minimum the tenth pledge reaches, on PostgreSQL: every pledge is recorded once, and the purchase
is confirmed exactly once, by the pledge that reached the minimum. A pledge handled again (a
retried request) and a sweep after it change nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from contracts import default_registry
from contracts.listings.events import PledgeMade, PurchaseConfirmed
from listings.handlers import ListingHandlers
from services.eventstore import WrongExpectedVersion, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import connect_keyring
from tests.support.races import race

pytestmark = pytest.mark.postgres

MEMBERS = 30
MINIMUM = 10
PEPPER = b"p" * 32
NID = uuid.UUID("7d3c1f9e-2a4b-4c6d-8e0f-1a2b3c4d5e6f")


def handlers(store_url: str, keyring_url: str) -> ListingHandlers:
    codec = Codec(default_registry(), connect_keyring(keyring_url), PEPPER)
    return ListingHandlers(connect(store_url), codec, lambda: datetime.now(UTC))


def pledge_once(store_url: str, keyring_url: str, listing_id: str, member: str, go: Any) -> None:
    """One member's pledge of 1, sent again with the same command id after a conflict that
    outlasted the loop's own retries (as the gateway's client is told to)."""
    run = handlers(store_url, keyring_url).exchanges
    command_id = uuid.uuid5(uuid.UUID(member), "pledge")
    go.wait(60)
    for _ in range(20):
        try:
            run.pledge(command_id, uuid.UUID(listing_id), uuid.UUID(member), 1, frozenset({NID}))
            return
        except WrongExpectedVersion:
            continue
    raise SystemExit("the pledge kept conflicting")


def test_thirty_concurrent_pledges_confirm_the_purchase_exactly_once(
    postgres_url: str, tmp_path: Path
) -> None:
    keyring_url = f"sqlite:///{tmp_path}/keyring.db"
    organiser = uuid.uuid4()
    main = handlers(postgres_url, keyring_url)
    deadline = datetime.now(UTC) + timedelta(days=2)
    details = {
        "product": "Pommes", "unit": "kg", "unit_price": 2.5,
        "minimum_quantity": MINIMUM, "deadline": deadline.isoformat(),
    }  # fmt: skip
    listing_id = main.publish(
        uuid.uuid4(), organiser, (NID,), "offer", "group_purchase", "Pommes du verger", "",
        details, (), None, frozenset({NID}), {},
    ).id  # fmt: skip
    members = [str(uuid.uuid4()) for _ in range(MEMBERS)]

    args = [(postgres_url, keyring_url, str(listing_id), member) for member in members]
    race(pledge_once, *args, timeout=180)

    events = main.exchanges.purchase_events(listing_id)
    made = [e for e in events if isinstance(e, PledgeMade)]
    confirmed = [e for e in events if isinstance(e, PurchaseConfirmed)]
    assert sorted(str(e.member_id) for e in made) == sorted(members)
    assert [e.total for e in made] == list(range(1, MEMBERS + 1))
    assert len(confirmed) == 1
    assert events.index(confirmed[0]) == events.index(made[MINIMUM - 1]) + 1
    assert confirmed[0].total == MINIMUM and len(confirmed[0].pledger_ids) == MINIMUM

    # The same pledge handled again, and a sweep: nothing more.
    pledge_once(postgres_url, keyring_url, str(listing_id), members[0], _Now())
    main.exchanges.settle_purchase(uuid.uuid4(), listing_id)
    assert main.exchanges.purchase_events(listing_id) == events


class _Now:
    def wait(self, _timeout: float) -> bool:
        return True
