"""The neighbourhoods service's refusals as the API's errors: status, code, the field concerned,
the numbers a person needs in the message and in `details`; GET /me without neighbourhoods."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from contracts.refusals import Refusal as Declared
from services.gateway.api.neighbourhoods.calls import (
    command,
    memberships,
    refused,
)
from services.gateway.http.errors import ApiError, not_caught_up, unavailable
from services.gateway.remote import Refusal

NID = "5f0c0000-0000-4000-8000-000000000001"


def test_a_home_outside_is_422_with_how_far_it_is() -> None:
    error = refused(Refusal("home_outside_boundary", "...", {"distance_m": 812.4}))
    assert (error.status, error.code) == (422, "home_outside_boundary")
    assert "812 m" in error.message
    assert error.body()["error"]["details"] == {"distance_m": 812.4}


def test_joining_twice_is_409() -> None:
    error = refused(Refusal("already_member", "..."))
    assert (error.status, error.code) == (409, "already_member")
    assert "details" not in error.body()["error"]


@pytest.mark.parametrize("code", ["not_a_member", "not_a_moderator", "not_the_founder"])
def test_who_may_not_do_something_is_told_403(code: str) -> None:
    assert (refused(Refusal(code, "...")).status, refused(Refusal(code, "...")).code) == (403, code)


def test_too_many_neighbourhoods_is_409_with_the_limit() -> None:
    error = refused(Refusal("too_many_neighbourhoods", "...", {"limit": 3}))
    assert (error.status, error.code) == (409, "too_many_neighbourhoods")
    assert "3 neighbourhoods" in error.message
    assert error.body()["error"]["details"] == {"limit": 3}


@pytest.mark.parametrize(
    ("code", "details", "said"),
    [
        ("invalid_boundary", {"reason": "not a simple shape (Self-intersection)"}, "simple shape"),
        ("boundary_too_small", {"area_km2": 0.001, "minimum_km2": 0.01}, "0.01 km²"),
        ("boundary_too_large", {"area_km2": 40.2, "maximum_km2": 25.0}, "25 km²"),
    ],
)
def test_a_refused_boundary_is_422_about_the_boundary(
    code: str, details: dict[str, Any], said: str
) -> None:
    error = refused(Refusal(code, "...", details))
    assert (error.status, error.code) == (422, code)
    assert error.fields is not None and list(error.fields) == ["boundary"]
    assert said in error.fields["boundary"][0] and said in error.message


def test_too_many_boundary_attempts_is_429_with_retry_after_and_no_member_detail() -> None:
    details = {"limit": 5, "retry_after_seconds": 3600}
    error = refused(Refusal("too_many_boundary_attempts", "...", details))
    assert (error.status, error.code) == (429, "too_many_boundary_attempts")
    assert error.headers["Retry-After"] == "3600"
    body = error.body()["error"]
    assert body["details"] == details and "5 times a day" in body["message"]


def test_no_refusal_passes_on_who_a_boundary_would_leave_out() -> None:
    leaked = {"affected": ["3f2a9c0d1e4b5a6c"], "count": 1, "limit": 5}
    error = refused(Refusal("too_many_boundary_attempts", "...", leaked))
    assert set(error.body()["error"]["details"]) == {"limit"}


def test_an_operators_refusals_say_forbidden_not_found_and_conflict() -> None:
    assert refused(Refusal("not_an_operator", "...", {})).status == 403
    assert refused(Refusal("not_an_operator", "...", {})).code == "forbidden"
    assert refused(Refusal("unknown_proposal", "...", {})).code == "not_found"
    assert refused(Refusal("proposal_already_decided", "...", {})).status == 409


def test_details_of_a_wrong_type_leave_the_plain_message() -> None:
    error = refused(Refusal("home_outside_boundary", "...", {"distance_m": "far"}))
    assert error.message == "Your verified home is outside this neighbourhood."


def test_not_found_names_the_neighbourhood() -> None:
    error = refused(Refusal("not_found", "..."))
    assert (error.status, error.code, error.message) == (404, "not_found", "No such neighbourhood.")


def test_a_route_gives_a_code_its_own_meaning() -> None:
    rule = Declared(
        "not_a_member",
        404,
        "This resident is not a member of this neighbourhood.",
        client_code="not_found",
    )
    error = refused(Refusal("not_a_member", "..."), here={"not_a_member": rule})
    assert (error.status, error.code) == (404, "not_found")


def test_a_route_renames_the_field_a_refusal_is_about() -> None:
    error = refused(Refusal("note_too_long", "..."), fields={"reason": "message"})
    assert error.fields is not None and list(error.fields) == ["message"]


class FakeRemote:
    """Answers (or raises) what it is given, in order, and records each call."""

    def __init__(self, *outcomes: Any) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def call(self, service: str, method: str, **kwargs: Any) -> Any:
        self.calls.append((service, method, kwargs))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def test_a_conflict_the_service_answers_after_its_own_retries_is_409_asked_once() -> None:
    # The service's command loop decides a colliding command again itself; asking it again
    # from here would multiply its retries.
    remote = FakeRemote(Refusal("conflict", "..."), {"position": "42"})
    with pytest.raises(ApiError) as caught:
        command(remote, "join", command_id=str(uuid.uuid4()), neighbourhood_id=NID, resident_id="r")
    assert (caught.value.status, caught.value.code) == (409, "conflict")
    assert len(remote.calls) == 1


def test_a_command_answers_its_position() -> None:
    remote = FakeRemote({"position": "42"})
    position = command(
        remote, "join", command_id=str(uuid.uuid4()), neighbourhood_id=NID, resident_id="r"
    )
    assert position == "42"


MEMBERSHIP = {
    "neighbourhood_id": NID,
    "name": "La Paix",
    "status": "forming",
    "role": "founder",
    "since": "2026-01-01T00:00:00+00:00",
    "moderator_offer": False,
    "join_id": "not shown",
}


def test_my_neighbourhoods_are_listed_as_documented() -> None:
    remote = FakeRemote([MEMBERSHIP])
    shown = memberships(remote, "r", {"after": "7"})  # type: ignore[arg-type]
    assert shown == {"neighbourhoods": [{k: v for k, v in MEMBERSHIP.items() if k != "join_id"}]}
    assert remote.calls == [
        ("neighbourhoods", "memberships_of", {"resident_id": "r", "after": "7"})
    ]


def test_without_the_neighbourhoods_service_my_profile_says_so() -> None:
    shown = memberships(FakeRemote(unavailable("neighbourhoods")), "r", {})  # type: ignore[arg-type]
    assert shown == {"neighbourhoods": None, "unavailable": ["neighbourhoods"]}


@pytest.mark.parametrize("failure", [not_caught_up, lambda: Refusal("internal", "...")])
def test_other_failures_of_my_neighbourhoods_are_not_hidden(
    failure: Callable[[], Exception],
) -> None:
    with pytest.raises(ApiError):
        memberships(FakeRemote(failure()), "r", {})  # type: ignore[arg-type]
