"""A sign-up appends to two streams (the e-mail claim, then the resident): nothing of it is
written when one of its events cannot be stored, and a claim whose resident never came is
released after a grace period, so the address signs up again."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from contracts import InvalidEventData, Metadata
from contracts.identity.events import EmailClaimed, EmailReleased
from identity.domain.email_claim import email_claim_stream
from identity.domain.errors import EmailTaken
from identity.domain.state import resident_stream
from identity.handlers.orphans import PendingClaim
from identity.service.orphans import GRACE_SETTING, grace
from services.eventstore import NO_STREAM
from services.eventstore.handling import derived_id, event_id
from tests.unit.identity import T0
from tests.unit.identity.test_handlers import PASSWORD, World, world

EMAIL = "ada@example.org"


def orphan(w: World, command_id: uuid.UUID, email: str = EMAIL) -> PendingClaim:
    """The log a sign-up leaves when its process dies between its two appends."""
    rid, stream = derived_id(command_id, "resident"), email_claim_stream(email)
    claimed = w.codec.encode(
        EmailClaimed(rid, email, T0),
        Metadata.start(f"resident:{rid}", command_id),
        event_id=event_id(command_id, stream, 0),
    )
    w.store.append(stream, [claimed], expected_version=NO_STREAM)
    return PendingClaim(stream, rid, T0)


def test_a_sign_up_whose_name_cannot_be_stored_claims_nothing() -> None:
    w = world()
    with pytest.raises(InvalidEventData):
        w.handlers.register(uuid.uuid4(), EMAIL, PASSWORD, "Ada \ud800")
    assert w.store.head() is None
    assert w.handlers.register(uuid.uuid4(), EMAIL, PASSWORD, "Ada").position is not None


def test_an_orphan_claim_is_released_after_the_grace_period_and_the_email_signs_up_again() -> None:
    w = world()
    claim = orphan(w, uuid.uuid4())
    with pytest.raises(EmailTaken):
        w.handlers.register(uuid.uuid4(), EMAIL, PASSWORD, "Ada")
    assert len(w.handlers.release_orphan_claims([claim], grace=timedelta(0))) == 1
    assert w.events(claim.claim_stream)[-1] == EmailReleased(claim.resident_id, T0)
    registered = w.handlers.register(uuid.uuid4(), EMAIL, PASSWORD, "Ada")
    assert w.handlers.sign_in(EMAIL, PASSWORD, "203.0.113.9").resident_id == (
        registered.resident_id
    )


def test_a_claim_younger_than_the_grace_period_is_kept() -> None:
    w = world()  # its clock stands at T0, when the claim was made
    claim = orphan(w, uuid.uuid4())
    assert w.handlers.release_orphan_claims([claim], grace=timedelta(seconds=1)) == []
    assert len(w.store.read_stream(claim.claim_stream)) == 1


def test_a_claim_whose_resident_was_recorded_is_never_released() -> None:
    w = world()
    registered = w.handlers.register(uuid.uuid4(), EMAIL, PASSWORD, "Ada")
    claim = PendingClaim(email_claim_stream(EMAIL), registered.resident_id, T0)
    assert w.handlers.release_orphan_claims([claim], grace=timedelta(0)) == []
    assert len(w.store.read_stream(claim.claim_stream)) == 1


def test_an_orphan_found_again_is_released_once() -> None:
    w = world()
    claim = orphan(w, uuid.uuid4())
    w.handlers.release_orphan_claims([claim], grace=timedelta(0))
    head = w.store.head()
    assert w.handlers.release_orphan_claims([claim], grace=timedelta(0)) == []
    assert w.store.head() == head


def test_a_late_retry_of_the_abandoned_sign_up_is_refused_and_records_no_resident() -> None:
    w, command_id = world(), uuid.uuid4()
    claim = orphan(w, command_id)
    w.handlers.release_orphan_claims([claim], grace=timedelta(0))
    with pytest.raises(EmailTaken):
        w.handlers.register(command_id, EMAIL, PASSWORD, "Ada")
    assert w.store.read_stream(resident_stream(claim.resident_id)) == []


def test_only_claim_streams_are_released() -> None:
    w = world()
    rid = w.register()
    stray = PendingClaim(resident_stream(rid), rid, T0 - timedelta(days=1))
    head = w.store.head()
    assert w.handlers.release_orphan_claims([stray], grace=timedelta(0)) == []
    assert w.store.head() == head


def test_the_grace_period_is_ten_minutes_unless_configured() -> None:
    assert grace({}) == timedelta(minutes=10)
    assert grace({GRACE_SETTING: "0.5"}) == timedelta(seconds=0.5)
    for bad in ("soon", "0", "-1"):
        with pytest.raises(ValueError, match=GRACE_SETTING):
            grace({GRACE_SETTING: bad})
