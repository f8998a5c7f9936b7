"""Read-your-writes for every context's queries: a connection once the read models have
applied the position a command answered, else the platform's refusals."""

from __future__ import annotations

from contextlib import nullcontext
from types import SimpleNamespace
from typing import Any

import pytest

from services.runtime.doors import Door, ServiceError
from services.runtime.read_models import CAUGHT_UP_SECONDS, reader, reading

DOOR = Door("tests", lambda exc: None, failed="failed")


class Connection:
    dialect = SimpleNamespace(name="sqlite")  # `querying` hands an SQLite connection back as is

    def __str__(self) -> str:
        return "connection"


class Engine:
    def connect(self) -> Any:
        return nullcontext(Connection())


class Read:
    """A ReadModelsHandle that has applied the log up to `applied`."""

    engine = Engine()

    def __init__(self, applied: int) -> None:
        self.applied = applied
        self.waited: list[tuple[str, float]] = []

    def caught_up(self, position: str, timeout: float) -> bool:
        self.waited.append((position, timeout))
        return int(position) <= self.applied


def test_without_a_position_it_reads_at_once() -> None:
    read = Read(applied=0)
    with reading(read, None, DOOR) as conn:  # type: ignore[arg-type]
        assert str(conn) == "connection"
    assert read.waited == []


def test_it_reads_once_the_position_is_applied() -> None:
    read = Read(applied=5)
    with reading(read, "5", DOOR) as conn:  # type: ignore[arg-type]
        assert str(conn) == "connection"
    assert read.waited == [("5", CAUGHT_UP_SECONDS)]


def test_a_position_not_reached_in_time_is_not_caught_up() -> None:
    with pytest.raises(ServiceError) as raised, reading(Read(applied=4), "5", DOOR):  # type: ignore[arg-type]
        pass
    assert raised.value.code == "not_caught_up"
    assert raised.value.details == {"after": "5"}


def test_a_malformed_position_is_an_invalid_request() -> None:
    class Refusing(Read):
        def caught_up(self, position: str, timeout: float) -> bool:
            raise ValueError(position)

    with pytest.raises(ServiceError) as raised, reading(Refusing(0), "x", DOOR):  # type: ignore[arg-type]
        pass
    assert raised.value.code == "invalid_request"
    with pytest.raises(ServiceError) as raised, reading(Read(0), 12, DOOR):  # type: ignore[arg-type]
        pass
    assert raised.value.code == "invalid_request"


def test_a_doors_reader_reads_the_services_read_models_through_that_door() -> None:
    class Service:
        read = Read(applied=4)

    with pytest.raises(ServiceError) as raised, reader(DOOR)(Service(), "5"):
        pass
    assert raised.value.code == "not_caught_up"
    with reader(DOOR)(Service(), "4") as conn:
        assert str(conn) == "connection"
    assert Service.read.waited == [("5", CAUGHT_UP_SECONDS), ("4", CAUGHT_UP_SECONDS)]
