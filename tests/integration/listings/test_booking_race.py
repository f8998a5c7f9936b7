"""Twenty residents ask for the same weekend of one drill at the same moment, each from a process
of their own, on one PostgreSQL event store: the item's calendar stream, appended with the
version read, lets exactly one booking through; every other request is decided again on it
and refused with booking_overlaps and that booking's dates. The processes share the platform's
PostgreSQL keyring, as the service's replicas do."""

from __future__ import annotations

import multiprocessing
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from contracts import default_registry
from listings.commands.bookings import Item, RequestBooking
from listings.domain.calendar import calendar_stream
from listings.domain.exchange_errors import BookingOverlaps
from listings.handlers import ListingHandlers
from services.eventstore import connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import connect_keyring
from tests.conftest import drop_schema, fresh_postgres_url

pytestmark = pytest.mark.postgres

PROCESSES = 20
# Twenty interpreters importing the platform on a small machine take a while to be ready.
STARTING = 400
OWNER = uuid.UUID(int=7)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SATURDAY = date(2026, 3, 7)
DRILL = Item(visible=True, owner_id=OWNER, kind="offer", category="loan", open=True)


def _book(url: str, listing_id: uuid.UUID, start: multiprocessing.Barrier, out: object) -> None:
    store = connect(url)
    codec = Codec(default_registry(), connect_keyring(url), b"k" * 32)
    handlers = ListingHandlers(store, codec, lambda: NOW)
    borrower = uuid.uuid4()
    command = RequestBooking(
        uuid.uuid4(), listing_id, borrower, SATURDAY, SATURDAY + timedelta(days=1), False,
        False, None, NOW, DRILL,
    )  # fmt: skip
    start.wait(STARTING)
    try:
        handlers.run(command, f"resident:{borrower}")
        out.put(("booked", str(command.booking_id)))  # type: ignore[attr-defined]
    except BookingOverlaps as refused:
        out.put(("booking_overlaps", f"{refused.start}/{refused.end}"))  # type: ignore[attr-defined]
    finally:
        store.close()


@pytest.mark.timeout(900)
def test_of_twenty_processes_booking_one_weekend_one_wins_and_the_others_hear_409() -> None:
    url = fresh_postgres_url()
    try:
        connect(url).close()  # the schema and the keyring exist before the processes race
        connect_keyring(url)
        listing_id = uuid.uuid4()
        ctx = multiprocessing.get_context("spawn")
        start, out = ctx.Barrier(PROCESSES), ctx.Queue()
        procs = [
            ctx.Process(target=_book, args=(url, listing_id, start, out)) for _ in range(PROCESSES)
        ]
        for p in procs:
            p.start()
        answers = [out.get(timeout=STARTING) for _ in procs]
        for p in procs:
            p.join(60)
            assert p.exitcode == 0
        won = [detail for outcome, detail in answers if outcome == "booked"]
        lost = [detail for outcome, detail in answers if outcome == "booking_overlaps"]
        assert len(won) == 1, answers
        assert lost == [f"{SATURDAY}/{SATURDAY + timedelta(days=1)}"] * (PROCESSES - 1)
        recorded = connect(url).read_stream(calendar_stream(listing_id))
        assert [(e.type, str(e.data["booking_id"])) for e in recorded] == [
            ("listings.BookingRequested", won[0])
        ]
    finally:
        drop_schema(url)
