"""Remote calls never hang: no answer in time is 503 naming the capability, the request
message carries the same expiration, and refusals come back with their code and details."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from eventlet.event import Event
from nameko.constants import NON_PERSISTENT, PERSISTENT
from nameko.exceptions import RemoteError, deserialize, serialize

from services.gateway import remote
from services.gateway.http.errors import ApiError
from services.gateway.remote import Refusal, Remote, refusal_of
from services.runtime.doors import ServiceError


class Listener:
    def __init__(self) -> None:
        self._reply_events: dict[str, Event] = {}


class Reply:
    def __init__(self, listener: Listener, answer: Any) -> None:
        self.reply_event = Event()
        listener._reply_events["c1"] = self.reply_event
        self._answer = answer

    def result(self) -> Any:
        if isinstance(self._answer, BaseException):
            raise self._answer
        if self._answer is None:
            return self.reply_event.wait()  # a stopped service: nobody ever sends
        return self._answer


def fake_proxy(monkeypatch: pytest.MonkeyPatch, answer: Any, made: list[dict[str, Any]]) -> None:
    class Proxy:
        def __init__(self, _ctx: Any, service: str, method: str, listener: Any, **options: Any):
            made.append({"service": service, "method": method, **options})
            self._listener = listener

        def call_async(self, **kwargs: Any) -> Reply:
            return Reply(self._listener, answer)

    monkeypatch.setattr(remote, "MethodProxy", Proxy)


def test_no_answer_is_503_naming_the_capability_within_the_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[dict[str, Any]] = []
    fake_proxy(monkeypatch, None, made)
    listener = Listener()
    started = time.monotonic()
    with pytest.raises(ApiError) as caught:
        Remote(None, listener, 0.2).call("identity", "register", email="x")  # type: ignore[arg-type]
    assert time.monotonic() - started < 1.0
    assert (caught.value.status, caught.value.code) == (503, "unavailable")
    assert caught.value.message.startswith("Accounts are unavailable")
    assert int(caught.value.headers["Retry-After"]) >= 1
    assert made[0]["expiration"] == 0.2  # dropped by the broker once nobody waits for it
    assert listener._reply_events == {}  # the waiter is forgotten


def test_patience_extends_both_the_wait_and_the_expiration(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[dict[str, Any]] = []
    fake_proxy(monkeypatch, {"ok": True}, made)
    answer = Remote(None, Listener(), 5.0).call("identity", "get_resident", patience=5.0)  # type: ignore[arg-type]
    assert answer == {"ok": True}
    assert made[0]["expiration"] == 10.0


def test_a_refusal_keeps_its_code_and_details(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_proxy(
        monkeypatch, over_the_wire(ServiceError("wrong_code", "m", {"attempts_left": 2})), []
    )
    with pytest.raises(Refusal) as caught:
        Remote(None, Listener(), 1.0).call("identity", "verify_letter_code")  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.details) == ("wrong_code", {"attempts_left": 2})


@pytest.mark.parametrize(("code", "status"), [("not_caught_up", 503), ("unavailable", 503)])
def test_service_side_waits_and_outages_become_503(
    monkeypatch: pytest.MonkeyPatch, code: str, status: int
) -> None:
    fake_proxy(monkeypatch, Refusal(code, "m"), [])
    with pytest.raises(ApiError) as caught:
        Remote(None, Listener(), 1.0).call("identity", "get_resident")  # type: ignore[arg-type]
    assert (caught.value.status, caught.value.code) == (status, code)
    assert "Retry-After" in caught.value.headers


def over_the_wire(exc: Exception) -> Exception:
    """What nameko makes of a service's exception in the caller's process."""
    return deserialize(json.loads(json.dumps(serialize(exc))))


def test_every_context_refuses_with_the_one_platform_class() -> None:
    # Whatever the context, a refusal decodes by one registered path: none is added per context.
    decoded = over_the_wire(ServiceError("email_taken", "m", {"limit": 3}))
    assert type(decoded) is ServiceError
    found = refusal_of(decoded)
    assert found is not None and (found.code, found.details) == ("email_taken", {"limit": 3})


def test_any_other_remote_error_is_no_refusal() -> None:
    class ShelfBroken(Exception):
        pass

    assert isinstance(over_the_wire(ShelfBroken("x")), RemoteError)
    assert refusal_of(over_the_wire(ShelfBroken("x"))) is None
    assert refusal_of(ValueError("x")) is None


def test_a_request_sent_without_waiting_returns_at_once_and_keeps_no_waiter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[dict[str, Any]] = []
    fake_proxy(monkeypatch, None, made)  # a reply that would never come
    listener = Listener()
    started = time.monotonic()
    Remote(None, listener, 5.0).send("identity", "request_password_reset", email="x")  # type: ignore[arg-type]
    assert time.monotonic() - started < 1.0
    assert made[0]["expiration"] == remote.SEND_KEEP_SECONDS  # kept while the service is away
    assert listener._reply_events == {}


def test_a_request_sent_to_a_service_not_running_is_503(monkeypatch: pytest.MonkeyPatch) -> None:
    class Unknown:
        def __init__(self, *args: Any, **options: Any) -> None:
            pass

        def call_async(self, **kwargs: Any) -> Any:
            raise remote.UnknownService("identity")

    monkeypatch.setattr(remote, "MethodProxy", Unknown)
    with pytest.raises(ApiError) as caught:
        Remote(None, Listener(), 1.0).send("identity", "request_password_reset")  # type: ignore[arg-type]
    assert (caught.value.status, caught.value.code) == (503, "unavailable")


def test_a_call_waited_for_is_not_persistent_but_a_request_sent_without_waiting_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[dict[str, Any]] = []
    fake_proxy(monkeypatch, {"ok": True}, made)
    Remote(None, Listener(), 5.0).call("listings", "board")  # type: ignore[arg-type]
    Remote(None, Listener(), 5.0).send("identity", "request_password_reset")  # type: ignore[arg-type]
    waited, sent = made
    assert waited["delivery_mode"] == NON_PERSISTENT  # its reply queue goes with the broker
    assert sent.get("delivery_mode", PERSISTENT) == PERSISTENT  # kept for the service
