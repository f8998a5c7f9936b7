"""The caller's correlation id (the gateway's request id) on the events a command appends."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import pytest

from identity.domain.email_claim import email_claim_stream
from identity.domain.state import resident_stream
from identity.handlers.base import correlation_of
from identity.service.wiring import Handlers
from tests.unit.identity.test_handlers import PASSWORD, World, world


def metadata_of(w: World, *streams: str) -> list[dict[str, Any]]:
    return [r.metadata for stream in streams for r in w.store.read_stream(stream)]


def test_a_command_given_a_correlation_id_records_it_on_every_event_it_appends() -> None:
    w = world()
    request, command = uuid.uuid4(), uuid.uuid4()
    email = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    rid = w.handlers.correlated(str(request)).register(command, email, PASSWORD, "Ada").resident_id
    recorded = metadata_of(w, email_claim_stream(email), resident_stream(rid))
    assert len(recorded) == 4  # the claim, the registration, its password, its confirmation link
    assert all(
        m
        == {
            "correlation_id": str(request),
            "causation_id": str(command),
            "actor": f"resident:{rid}",
        }
        for m in recorded
    )


@pytest.mark.parametrize("given", [None, "", "not-a-uuid", 42, "1" * 1000, ["x"]])
def test_without_a_usable_correlation_id_the_command_id_correlates_its_events(
    given: object,
) -> None:
    w = world()
    rid = w.register()
    command = uuid.uuid4()
    w.handlers.correlated(given).change_profile(command, rid, "Ada L.", None, "full")
    [last] = metadata_of(w, resident_stream(rid))[-1:]
    assert (last["correlation_id"], last["causation_id"]) == (str(command), str(command))


def test_a_repeat_under_another_correlation_id_answers_as_the_first_and_appends_nothing() -> None:
    w = world()
    first_request, command = uuid.uuid4(), uuid.uuid4()
    email = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    first = w.handlers.correlated(first_request).register(command, email, PASSWORD, "Ada")
    head = w.store.head()
    again = w.handlers.correlated(uuid.uuid4()).register(command, email, PASSWORD, "Ada")
    assert again == first and w.store.head() == head
    recorded = metadata_of(w, resident_stream(first.resident_id))
    assert {m["correlation_id"] for m in recorded} == {str(first_request)}


def test_correlating_leaves_the_shared_handlers_as_they_were() -> None:
    w = world()
    rid = w.register()
    w.handlers.correlated(uuid.uuid4())
    command = uuid.uuid4()
    w.handlers.change_profile(command, rid, "Ada L.", None, "full")
    assert metadata_of(w, resident_stream(rid))[-1]["correlation_id"] == str(command)


def test_a_correlation_id_is_read_in_any_spelling_of_a_uuid_and_recorded_in_one() -> None:
    request = uuid.uuid4()
    for spelling in (str(request), str(request).upper(), request.hex, f"{{{request}}}"):
        assert correlation_of(spelling) == request
    assert correlation_of(request) == request


def test_each_worker_gets_handlers_correlated_with_its_callers_context_data() -> None:
    w = world()
    provider = Handlers()
    provider.handlers = w.handlers
    rid = w.register()
    request, command = uuid.uuid4(), uuid.uuid4()
    worker = SimpleNamespace(data={"correlation_id": str(request), "call_id_stack": ["x"]})
    provider.get_dependency(worker).change_profile(command, rid, "Ada L.", None, "full")
    assert metadata_of(w, resident_stream(rid))[-1]["correlation_id"] == str(request)
    bare = SimpleNamespace(data={})
    provider.get_dependency(bare).change_profile(uuid.uuid4(), rid, "Ada", None, "none")
    last = metadata_of(w, resident_stream(rid))[-1]
    assert last["correlation_id"] == last["causation_id"]
