"""GET /healthz and GET /readyz, at the site's root where probes and load balancers look
(docs/decisions/0041). Neither needs a session nor counts in a rate limit: an orchestrator asks
every few seconds from one address.

/healthz is liveness: the gateway's process answers, nothing else is asked. /readyz is
readiness: the gateway's own event store, database and subscribers, whether it hears answers
through the broker (an answer sent to itself), and then each service's
`health` RPC (services/runtime/health.py) with a short timeout, all at once; 200 when every
one is ready, else 503 naming the capabilities that are not. `?scope=gateway` asks the
gateway's own checks only: what its Kubernetes readinessProbe and HAProxy's health check use,
so that one service down takes its own routes out (they answer 503 naming it) rather than
every replica of the door, while a gateway that hears no answers is taken out.
"""

from __future__ import annotations

from typing import Any

import eventlet
from marshmallow import Schema, fields, validate

from services.gateway.http.errors import ApiError
from services.gateway.http.routing import Call, Door, Reply, Route, route
from services.gateway.remote import CAPABILITIES, Remote
from services.runtime.readiness import NOT_READY, READY, Check, answer, failing, is_ready

# Each service's health() must answer within this, far below a probe's own timeout.
SERVICE_SECONDS = 2.0
SCOPES = ("all", "gateway")


class Liveness(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["alive"]))


class HealthCheck(Schema):
    name = fields.String(required=True, metadata={"description": "gateway.<check>, or a service"})
    ok = fields.Boolean(required=True)
    detail = fields.String(required=True)


class ReadinessAnswer(Schema):
    status = fields.String(required=True, validate=validate.OneOf([READY, NOT_READY]))
    checks = fields.List(fields.Nested(HealthCheck), required=True)
    unavailable = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "The capabilities not ready (as a 503 of the API names them)"},
    )


class ReadinessQuery(Schema):
    scope = fields.String(validate=validate.OneOf(SCOPES), load_default="all")


@route(
    Route(
        "GET",
        "/healthz",
        "Liveness: the gateway answers (asks nothing of anything else)",
        200,
        Liveness,
        auth=False,
        root=True,
        tag="meta",
    )
)
def healthz(door: Door, call: Call) -> Reply:
    return Reply(200, {"status": "alive"})


@route(
    Route(
        "GET",
        "/readyz",
        "Readiness: the gateway's store, database and subscribers, and every service",
        200,
        ReadinessAnswer,
        query=ReadinessQuery,
        auth=False,
        root=True,
        tag="meta",
        also=(503,),
        description="503 when a check fails; `unavailable` names the capabilities concerned.",
    )
)
def readyz(door: Door, call: Call) -> Reply:
    checks = [Check(f"gateway.{c.name}", c.ok, c.detail) for c in door.readiness.checks()]
    checks.append(replies(door.remote.within(SERVICE_SECONDS)))
    unavailable = [] if all(c.ok for c in checks) else ["gateway"]
    if call.query.get("scope", "all") == "all":
        remote = door.remote.within(SERVICE_SECONDS)
        pool = eventlet.GreenPool(len(CAPABILITIES))
        for check in pool.imap(lambda service: ask(remote, service), CAPABILITIES):
            checks.append(check)
            if not check.ok:
                unavailable.append(CAPABILITIES[check.name])
    body = {**answer(checks), "unavailable": unavailable}
    return Reply(200 if body["status"] == READY else 503, body)


def replies(remote: Remote) -> Check:
    """Whether the gateway hears answers through the broker at all."""
    if remote.hears():
        return Check("gateway.replies", True, "answers heard")
    return Check("gateway.replies", False, f"its own answer not heard within {remote.timeout:g} s")


def ask(remote: Remote, service: str) -> Check:
    """One service's readiness as one check of the gateway's answer."""
    try:
        reply: Any = remote.call(service, "health")
    except ApiError:
        return Check(service, False, f"no answer within {remote.timeout:g} s")
    except Exception as exc:  # a refusal or an unexpected reply: not ready either way
        return Check(service, False, f"health call failed ({type(exc).__name__})")
    if is_ready(reply):
        return Check(service, True, "ready")
    return Check(service, False, "not ready: " + ", ".join(failing(reply)))
