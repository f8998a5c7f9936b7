"""A letter holds an address and a code: the handlers discard it as soon as it can no longer
serve (used, replaced, its resident erased), and the sweep discards the expired or exhausted."""

from __future__ import annotations

import uuid
from datetime import timedelta

from contracts.identity.events import LetterPosted
from identity.domain.state import resident_stream
from tests.unit.identity.test_handlers import LILAS, World, world

GRACE = timedelta(hours=1)


def letter_ids(w: World, rid: uuid.UUID) -> list[str]:
    return [str(e.letter_id) for e in w.events(resident_stream(rid)) if isinstance(e, LetterPosted)]


def test_a_letter_whose_code_verified_the_address_is_discarded() -> None:
    w = world()
    rid, other = w.register("Ada"), w.register("Bob")
    w.handlers.declare_address(uuid.uuid4(), other, LILAS)
    w.handlers.request_letter(uuid.uuid4(), other)
    w.verified_by_letter(rid)
    assert w.handlers.resident(rid).verified
    assert list(w.letters.posted) == letter_ids(w, other)


def test_a_new_letter_discards_the_one_it_replaces() -> None:
    w = world()
    rid = w.register()
    w.handlers.declare_address(uuid.uuid4(), rid, LILAS)
    w.handlers.request_letter(uuid.uuid4(), rid)
    w.handlers.request_letter(uuid.uuid4(), rid)
    _first, second = letter_ids(w, rid)
    assert list(w.letters.posted) == [second]


def test_erasing_a_resident_discards_their_letters() -> None:
    w = world()
    rid, other = w.register("Ada"), w.register("Bob")
    for resident in (rid, other):
        w.handlers.declare_address(uuid.uuid4(), resident, LILAS)
        w.handlers.request_letter(uuid.uuid4(), resident)
    w.handlers.erase(uuid.uuid4(), rid, "system:ops")
    assert list(w.letters.posted) == letter_ids(w, other)


def test_the_sweep_discards_every_letter_but_the_usable_ones() -> None:
    w = world()
    ada, bob = w.register("Ada"), w.register("Bob")
    for resident in (ada, bob):
        w.handlers.declare_address(uuid.uuid4(), resident, LILAS)
        w.handlers.request_letter(uuid.uuid4(), resident)
    [usable], [spent] = letter_ids(w, ada), letter_ids(w, bob)
    assert w.handlers.discard_spent_letters({usable}, GRACE) == [spent]
    assert list(w.letters.posted) == [usable]
    assert w.handlers.discard_spent_letters({usable}, GRACE) == []
