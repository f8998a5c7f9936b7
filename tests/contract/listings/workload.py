"""A generated listings log for the tests that build the read model two ways: listings published
in several neighbourhoods with photos, edited, answered, chosen, closed, reopened, renewed,
expired, withdrawn, reported, hidden, restored, removed; photos uploaded and deleted; residents
erased along the way; and events a read model must pass over (a publication recorded twice, an
event of a listing never published, a choice named before its response). Drawn from a seeded
random generator, so a failing seed can be run again."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from contracts.errors import SubjectErased
from contracts.listings.events import (
    ListingClosed,
    ListingEdited,
    ListingExpired,
    ListingHidden,
    ListingPublished,
    ListingRemoved,
    ListingRenewed,
    ListingReopened,
    ListingReported,
    ListingRestored,
    ListingWithdrawn,
    PhotoDeleted,
    PhotoUploaded,
    RecipientChosen,
    ResponderChosen,
    ResponseSent,
)
from tests.contract.listings.kit import EXPIRY, World, stream

WORDS = ("perceuse", "étagère", "vélo", "échelle", "drill", "ladder", "bike", "gâteau", "samedi")
SHA = "c" * 64


@dataclass
class _Listing:
    lid: uuid.UUID
    author: uuid.UUID
    published: ListingPublished
    places: list[uuid.UUID]
    responses: list[uuid.UUID] = field(default_factory=list)


def generate(w: World, seed: int, events: int = 400) -> None:
    """About `events` listings and photos events recorded into `w`'s log."""
    rnd = random.Random(seed)
    people = [w.people.register(name) for name in ("Ada", "Bob", "Cleo", "Dan", "Eve", "Fay")]
    places = [uuid.uuid4() for _ in range(3)]
    photos: list[uuid.UUID] = []
    made: list[_Listing] = []
    erased: set[uuid.UUID] = set()

    def record(name: str, *events: Any, **options: str) -> bool:
        try:
            w.record(name, *events, **options)
        except SubjectErased:
            return False  # an erased resident's text: refused before the log, as a command is
        return True

    def phrase(n: int) -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(n))

    def some_photos() -> list[dict[str, str]]:
        chosen = rnd.sample(photos, min(len(photos), rnd.randint(0, 2)))
        return [{"photo_id": str(p), "sha256": SHA} for p in chosen]

    def publish() -> None:
        lid, author, at = uuid.uuid4(), rnd.choice(people), w.tick()
        shown = rnd.sample(places, rnd.randint(1, 3))
        event = ListingPublished(
            lid, author, shown, "offer", "loan", phrase(3), phrase(6), {}, some_photos(),
            at + EXPIRY, at,
        )  # fmt: skip
        if record(stream(lid), event, actor=f"resident:{author}"):
            made.append(_Listing(lid, author, event, shown))

    def upload() -> None:
        pid = uuid.uuid4()
        event = PhotoUploaded(pid, rnd.choice(people), "image/webp", 80, 60, SHA, SHA, w.tick())
        record(f"listings.photo-{pid}", event)
        photos.append(pid)

    def on_listing() -> None:
        x = rnd.choice(made)
        lid, at = x.lid, w.tick()
        someone = rnd.choice([p for p in people if p != x.author])
        moderator = {"actor": f"resident:{rnd.choice(people)}"}
        choices: list[tuple[Any, dict[str, str]]] = [
            (ListingEdited(lid, x.author, phrase(2), phrase(5), {}, some_photos(), at), {}),
            (ListingClosed(lid, rnd.choice(["done", "withdrawn"]), at), {}),
            (ListingReopened(lid, at + EXPIRY, at), {}),
            (ListingRenewed(lid, at + timedelta(days=60), at), {}),
            (ListingExpired(lid, at), {}),
            (ListingWithdrawn(lid, rnd.choice(places), "left", at), {}),
            (ListingReported(lid, uuid.uuid4(), someone, phrase(2), at), {}),
            (ListingHidden(lid, 3, at), {}),
            (ListingRestored(lid, x.places[0], x.author, phrase(2), at), moderator),
            (ListingRemoved(lid, x.places[0], x.author, phrase(2), at), moderator),
        ]
        rid = uuid.uuid4()
        sent = ResponseSent(lid, rid, someone, phrase(4), at, rnd.choice([None, phrase(2)]))
        choices += [(sent, {})] * 4  # answers are the commonest event
        if x.responses:
            chosen = rnd.choice(x.responses)
            choices.append((ResponderChosen(lid, chosen, someone, x.author, uuid.uuid4(), at), {}))
            choices.append(
                (
                    RecipientChosen(lid, x.author, chosen, someone, "first_come", uuid.uuid4(), at),
                    {},
                )
            )
        event, options = rnd.choice(choices)
        if record(stream(lid), event, **options) and isinstance(event, ResponseSent):
            x.responses.append(rid)

    def oddity() -> None:
        x = rnd.choice(made)
        match rnd.randint(0, 2):
            case 0:  # the same publication recorded again, later in the stream
                record(stream(x.lid), x.published)
            case 1:  # a listing never published
                record(stream(uuid.uuid4()), ListingExpired(uuid.uuid4(), w.tick()))
            case _:  # the choice recorded before the response it names
                rid, at = uuid.uuid4(), w.tick()
                someone = rnd.choice(people)
                record(
                    stream(x.lid),
                    ResponderChosen(x.lid, rid, someone, x.author, uuid.uuid4(), at),
                    ResponseSent(x.lid, rid, someone, phrase(3), w.tick()),
                )

    def erase() -> None:
        alive = [p for p in people if p not in erased]
        if len(alive) > 2:
            who = rnd.choice(alive)
            w.people.identity.erase(uuid.uuid4(), who, "system:ops")
            erased.add(who)

    upload()
    publish()
    for _ in range(events):
        roll = rnd.random()
        if roll < 0.15:
            publish()
        elif roll < 0.22:
            upload()
        elif roll < 0.25:
            pid = rnd.choice(photos)
            record(f"listings.photo-{pid}", PhotoDeleted(pid, "unused", w.tick()))
        elif roll < 0.28:
            oddity()
        elif roll < 0.29:
            erase()
        else:
            on_listing()
