"""GET /readyz: the gateway's own checks and every service's health at once, 503 naming the
capabilities that are not ready; `?scope=gateway` asks nothing of the services."""

from __future__ import annotations

from typing import Any

from services.gateway.api.meta.health import SERVICE_SECONDS, healthz, readyz
from services.gateway.http.errors import unavailable
from services.gateway.http.routing import ROUTES, Call, root_rules
from services.gateway.remote import CAPABILITIES
from services.runtime.readiness import Check, answer

READY = answer([Check("event_store", True, "reachable")])


class FakeRemote:
    def __init__(self, replies: dict[str, Any], timeout: float = 5.0, deaf: bool = False) -> None:
        self.replies = replies
        self.timeout = timeout
        self.deaf = deaf
        self.asked: list[tuple[str, str]] = []

    def hears(self) -> bool:
        return not self.deaf

    def within(self, seconds: float) -> FakeRemote:
        self.timeout = min(seconds, self.timeout)
        return self

    def call(self, service: str, method: str, **kwargs: Any) -> Any:
        self.asked.append((service, method))
        reply = self.replies.get(service, READY)
        if isinstance(reply, BaseException):
            raise reply
        return reply


class FakeReadiness:
    def __init__(self, *checks: Check) -> None:
        self._checks = checks or (Check("event_store", True, "reachable"),)

    def checks(self) -> list[Check]:
        return list(self._checks)


class FakeDoor:
    def __init__(self, remote: FakeRemote, readiness: FakeReadiness | None = None) -> None:
        self.remote = remote
        self.readiness = readiness or FakeReadiness()
        self.access = None


def call(path: str, scope: str = "all") -> Call:
    spec = next(r for r in ROUTES if r.rule == path)
    return Call("rid", spec, {}, {}, None, "127.0.0.1", query={"scope": scope})


def test_the_probes_live_at_the_root_without_sign_in_or_rate_limit() -> None:
    assert {"/healthz", "/readyz"} <= root_rules()
    for rule in ("/healthz", "/readyz"):
        spec = next(r for r in ROUTES if r.rule == rule)
        assert not spec.auth and spec.limit is None


def test_liveness_asks_nothing_of_anyone() -> None:
    remote = FakeRemote({})
    assert healthz(FakeDoor(remote), call("/healthz")).body == {"status": "alive"}  # type: ignore[arg-type]
    assert remote.asked == []


def test_readiness_is_200_when_the_gateway_and_every_service_are_ready() -> None:
    remote = FakeRemote({})
    reply = readyz(FakeDoor(remote), call("/readyz"))  # type: ignore[arg-type]
    assert reply.status == 200 and reply.body["status"] == "ready"
    assert reply.body["unavailable"] == []
    assert sorted(remote.asked) == sorted((s, "health") for s in CAPABILITIES)
    assert remote.timeout == SERVICE_SECONDS


def test_a_silent_service_and_a_stuck_one_are_503_naming_their_capabilities() -> None:
    stuck = answer([Check("subscriber:matching.matches", False, "behind the log")])
    remote = FakeRemote({"listings": unavailable("listings"), "matching": stuck})
    reply = readyz(FakeDoor(remote), call("/readyz"))  # type: ignore[arg-type]
    assert reply.status == 503
    assert sorted(reply.body["unavailable"]) == ["listings", "matches"]
    shown = {c["name"]: c for c in reply.body["checks"]}
    assert shown["listings"]["detail"] == f"no answer within {SERVICE_SECONDS:g} s"
    assert shown["matching"]["detail"] == "not ready: subscriber:matching.matches"
    assert shown["identity"]["ok"] and shown["gateway.event_store"]["ok"]


def test_the_gateway_scope_asks_no_service_and_reports_the_gateway_own_failure() -> None:
    remote = FakeRemote({"listings": unavailable("listings")})
    down = FakeReadiness(Check("read_models", False, "unreachable (OperationalError)"))
    reply = readyz(FakeDoor(remote, down), call("/readyz", "gateway"))  # type: ignore[arg-type]
    assert remote.asked == []
    assert reply.status == 503 and reply.body["unavailable"] == ["gateway"]
    assert reply.body["checks"] == [
        {"name": "gateway.read_models", "ok": False, "detail": "unreachable (OperationalError)"},
        {"name": "gateway.replies", "ok": True, "detail": "answers heard"},
    ]


def test_a_gateway_that_hears_no_answers_is_not_ready_in_either_scope() -> None:
    for scope in ("gateway", "all"):
        remote = FakeRemote({}, deaf=True)
        reply = readyz(FakeDoor(remote), call("/readyz", scope))  # type: ignore[arg-type]
        assert reply.status == 503 and reply.body["unavailable"] == ["gateway"]
        failed = [c for c in reply.body["checks"] if not c["ok"]]
        assert failed == [
            {
                "name": "gateway.replies",
                "ok": False,
                "detail": f"its own answer not heard within {SERVICE_SECONDS:g} s",
            }
        ]


def test_the_openapi_document_lists_both_probes_with_the_503() -> None:
    from services.gateway.http import openapi

    paths = openapi.document()["paths"]
    assert set(paths["/healthz"]) == {"get"}
    assert {"200", "503"} <= set(paths["/readyz"]["get"]["responses"])
