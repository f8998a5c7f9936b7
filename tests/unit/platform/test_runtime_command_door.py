"""A door declared by its command type: the dataclass's fields are the RPC method's parameters."""

from __future__ import annotations

import inspect
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from services.runtime.command_door import command_door
from services.runtime.doors import Door, ServiceError

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


DOOR = Door("shelf", lambda exc: None, failed="the shelf failed")


@dataclass(frozen=True)
class LendBook:
    command_id: uuid.UUID
    shelf_id: uuid.UUID
    lender_id: uuid.UUID
    title: str
    note: str | None
    at: datetime


class Handlers:
    def __init__(self) -> None:
        self.ran: list[tuple[Any, uuid.UUID]] = []

    def clock(self) -> datetime:
        return NOW

    def run(self, command: Any, actor_id: uuid.UUID) -> str:
        self.ran.append((command, actor_id))
        return "42"


class Shelf:
    handlers = Handlers()
    lend = command_door(
        DOOR, LendBook, "lend", actor="lender_id", longest={"title": 10}, doc="Lend a book."
    )


def ids() -> tuple[str, str, str]:
    return str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())


def test_the_parameters_are_the_fields_but_the_time_and_an_optional_field_defaults_to_none() -> (
    None
):
    parameters = inspect.signature(Shelf.lend).parameters
    assert list(parameters) == ["self", "command_id", "shelf_id", "lender_id", "title", "note"]
    assert parameters["note"].default is None
    assert inspect.getfullargspec(Shelf.lend).args[1:] == list(parameters)[1:]
    assert Shelf.lend.__name__ == "lend" and Shelf.lend.__doc__ == "Lend a book."


def test_the_command_is_built_from_converted_arguments_and_run_by_its_actor() -> None:
    shelf = Shelf()
    shelf.handlers = Handlers()
    cid, sid, lid = ids()
    answer = shelf.lend(cid, sid, lender_id=lid, title="Candide")
    assert answer == {"position": "42"}
    ((command, actor),) = shelf.handlers.ran
    assert command == LendBook(uuid.UUID(cid), uuid.UUID(sid), uuid.UUID(lid), "Candide", None, NOW)
    assert actor == uuid.UUID(lid)


@pytest.mark.parametrize(
    "change",
    [
        {"shelf_id": "not a uuid"},
        {"title": "far too long a title"},
        {"title": 7},
        {"note": ["a list"]},
        {"colour": "red"},
    ],
)
def test_a_badly_shaped_argument_is_answered_invalid_request(change: dict[str, Any]) -> None:
    shelf = Shelf()
    shelf.handlers = Handlers()
    cid, sid, lid = ids()
    arguments = {"command_id": cid, "shelf_id": sid, "lender_id": lid, "title": "Candide"}
    with pytest.raises(ServiceError) as refused:
        shelf.lend(**{**arguments, **change})
    assert refused.value.code == "invalid_request"
    assert shelf.handlers.ran == []
