"""The platform's RPC door, on a toy service with its own refusals."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from nameko.exceptions import deserialize, serialize

from contracts.errors import SubjectErased
from services.eventstore import EventStoreUnavailable, NewEvent, WrongExpectedVersion
from services.eventstore.keyring import KeyringUnavailable
from services.runtime.doors import LIMIT, MAX_LIMIT, Door, ServiceError, code_of, done

SECRET = "ada.lovelace@example.org"


class ToyRefusal(Exception):
    """The toy domain's refusals."""


class ShelfFull(ToyRefusal):
    def __init__(self, limit: int, share: float) -> None:
        super().__init__(f"the shelf holds {limit} things at most")
        self.limit = limit
        self.share = share
        self.missing = None


class NotYours(ToyRefusal):
    pass


class LockerJammed(Exception):
    """One of the toy service's own adapters failing."""


def own(exc: Exception) -> ServiceError | None:
    if isinstance(exc, ShelfFull):
        return DOOR.refused(exc, ("limit", "share", "missing"), shown=lambda v: round(v, 1))
    if isinstance(exc, ToyRefusal):
        return DOOR.refused(exc, codes={NotYours: "not_allowed"})
    if isinstance(exc, LockerJammed):
        return DOOR.unavailable("the locker")
    return None


DOOR = Door("toys", own, failed="the toys service failed")


class ToyService:
    def __init__(self, failure: Exception | None = None) -> None:
        self.failure = failure
        self.calls: list[tuple[Any, ...]] = []

    @DOOR.wrap
    def lend(self, thing_id: str, note: str | None = None) -> dict[str, Any]:
        """Lend a thing; fails as told."""
        self.calls.append((thing_id, note))
        if self.failure is not None:
            raise self.failure
        return done("42", thing_id=DOOR.uid(thing_id, "thing_id"))


def refusal_of(failure: Exception) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        ToyService(failure).lend(str(uuid.uuid4()))
    return refused.value


def test_a_call_that_succeeds_answers_what_the_method_returns() -> None:
    thing = uuid.uuid4()
    assert ToyService().lend(str(thing)) == {"thing_id": str(thing), "position": "42"}


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {}), (("a", "b", "c"), {}), ((str(uuid.uuid4()),), {"colour": "red"})],
)
def test_wrong_arguments_are_refused_before_the_method_runs(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    service = ToyService()
    with pytest.raises(ServiceError) as refused:
        service.lend(*args, **kwargs)
    assert (refused.value.code, refused.value.message) == (
        "invalid_request",
        "lend: wrong arguments",
    )
    assert service.calls == []


def test_the_wrapped_method_keeps_its_name_and_docstring() -> None:
    assert ToyService.lend.__name__ == "lend"
    assert ToyService.lend.__doc__ == "Lend a thing; fails as told."


def test_the_services_own_error_passes_through_unchanged() -> None:
    mine = ServiceError("not_found", "no such thing", {"after": "7"})
    assert refusal_of(mine) is mine


def test_a_domain_refusal_is_coded_by_its_rules_name_with_the_details_it_holds() -> None:
    refused = refusal_of(ShelfFull(3, 0.25))
    assert refused.code == "shelf_full"
    assert refused.message == "the shelf holds 3 things at most"
    assert refused.details == {"limit": 3, "share": 0.2}  # `missing` is None: left out


def test_a_refusal_named_in_codes_gets_the_code_given_there() -> None:
    assert refusal_of(NotYours("this thing is not yours")).code == "not_allowed"


def test_the_services_own_translation_is_asked_first() -> None:
    refused = refusal_of(LockerJammed())
    assert (refused.code, refused.message) == (
        "unavailable",
        "the locker is unavailable: retry later",
    )


@pytest.mark.parametrize(
    ("failure", "code", "message"),
    [
        (
            WrongExpectedVersion("toys.shelf-1", 3, 4),
            "conflict",
            "concurrent changes: retry with the same command_id",
        ),
        (
            EventStoreUnavailable(f"server refused {SECRET}"),
            "unavailable",
            "the event store is unavailable: retry later",
        ),
        (
            KeyringUnavailable(f"no key for {SECRET}"),
            "unavailable",
            "storage is unavailable: retry later",
        ),
        (SubjectErased(str(uuid.uuid4())), "account_erased", "this account was erased"),
    ],
)
def test_the_platforms_failures_get_the_answers_every_service_gives(
    failure: Exception, code: str, message: str
) -> None:
    refused = refusal_of(failure)
    assert (refused.code, refused.message, refused.details) == (code, message, {})


def test_an_unavailable_store_is_logged_as_a_warning_without_its_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="quartier.toys"):
        refusal_of(EventStoreUnavailable(f"server refused {SECRET}"))
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "toys.lend: the event store is unavailable: retry later"


def test_an_unexpected_error_is_answered_internal_and_logged_by_type_and_place_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="quartier.toys"):
        refused = refusal_of(ValueError(f"duplicate key {SECRET}"))
    assert (refused.code, refused.message) == ("internal", "the toys service failed")
    assert SECRET not in str(refused) and refused.__cause__ is None and refused.__suppress_context__
    [record] = caplog.records
    assert record.levelno == logging.ERROR
    assert record.getMessage().startswith("toys.lend failed: ValueError at test_runtime_doors.py:")
    assert SECRET not in caplog.text


def test_a_refusal_is_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="quartier.toys"):
        refusal_of(ShelfFull(3, 0.5))
    assert caplog.records == []


def test_translated_answers_none_for_an_unknown_failure() -> None:
    assert DOOR.translated(RuntimeError("boom")) is None


def test_a_refusal_crosses_nameko_with_its_numbers_intact() -> None:
    sent = ServiceError("too_many", "slow down", {"retry_after_seconds": 30, "share": 0.5})
    received = deserialize(serialize(sent))
    assert isinstance(received, ServiceError)
    assert (received.code, received.message) == ("too_many", "slow down")
    assert received.details == {"retry_after_seconds": 30, "share": 0.5}
    assert str(received) == "too_many: slow down"


def test_not_caught_up_is_the_platforms_error_naming_the_position_to_wait_for() -> None:
    late = ServiceError.not_caught_up("1234", 5.0)
    assert late.code == "not_caught_up"
    assert late.message == "the read model did not reach position 1234 within 5 s; retry"
    assert late.details == {"after": "1234"}


# Shape checks


def test_uid_accepts_a_uuid_or_its_text_and_refuses_anything_else() -> None:
    thing = uuid.uuid4()
    assert DOOR.uid(thing, "thing_id") == thing == DOOR.uid(str(thing), "thing_id")
    with pytest.raises(ServiceError, match="thing_id must be a UUID") as refused:
        DOOR.uid("nope", "thing_id")
    assert refused.value.code == "invalid_request"


def test_maybe_uid_lets_none_through() -> None:
    assert DOOR.maybe_uid(None, "thing_id") is None
    with pytest.raises(ServiceError, match="thing_id must be a UUID"):
        DOOR.maybe_uid("", "thing_id")


@pytest.mark.parametrize("value", [42, None, b"bytes", "x" * 11])
def test_text_refuses_what_is_not_a_short_enough_string(value: Any) -> None:
    with pytest.raises(ServiceError, match="note must be a string of at most 10 characters"):
        DOOR.text(value, "note", 10)


def test_text_and_maybe_accept_a_string_up_to_the_limit() -> None:
    assert DOOR.text("x" * 10, "note", 10) == "x" * 10
    assert DOOR.maybe(None, "note") is None
    assert DOOR.maybe("hello", "note") == "hello"
    with pytest.raises(ServiceError, match="at most 1000 characters"):
        DOOR.maybe("x" * 1001, "note")


@pytest.mark.parametrize("size", [1, LIMIT, MAX_LIMIT])
def test_a_page_size_from_one_to_the_most_is_taken(size: int) -> None:
    assert DOOR.limit(size) == size


@pytest.mark.parametrize("size", [0, MAX_LIMIT + 1, True, "20", 2.0, None])
def test_any_other_page_size_is_an_invalid_request(size: Any) -> None:
    with pytest.raises(ServiceError, match=f"limit must be a whole number from 1 to {MAX_LIMIT}"):
        DOOR.limit(size)


def test_code_of_is_the_snake_case_of_the_rules_name() -> None:
    assert code_of(ShelfFull) == "shelf_full"
    assert code_of(NewEvent) == "new_event"


def test_done_answers_the_ids_as_text_and_the_position() -> None:
    thing = uuid.uuid4()
    assert done(None, thing_id=thing) == {"thing_id": str(thing), "position": None}
