"""What a route declares, what its handler is given and what it answers.

    @route(Route("POST", "/residents", "Sign up", 201, Registered, body=RegisterRequest,
                 auth=False, limit="sign_up", capability="accounts", refusals=(EMAIL_TAKEN,)))
    def register(door: Door, call: Call) -> Reply: ...

A route is a plain function (or one that api/service_api.py's `step` builds for a route that
only runs one command: docs/decisions/0040); `table(module, ...)` gathers a context's routes
(its api/ package),
and services/gateway/api/registry.py lists the contexts whose tables GatewayService serves.
Every declared Route lands in ROUTES, from which http/openapi.py writes the document: a route
added by a later context appears there without more work.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

from marshmallow import Schema

from contracts.refusals import Refusal
from services.gateway.access.idempotency import CommandIds
from services.gateway.access.sessions import Session
from services.gateway.http.errors import unauthenticated

if TYPE_CHECKING:
    from services.gateway.access.gate import Gate
    from services.gateway.remote import Remote
    from services.runtime.health import Readiness

PREFIX = "/api/v1"
HEADERS_READ = ("Last-Event-ID", "Accept")
"""Request headers a route may read (Call.headers): the live stream's resumption point, and
whether the client asked for a stream at all."""
ROUTES: list[Route] = []


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # a werkzeug rule under PREFIX: "/residents/<uuid:resident_id>"
    summary: str
    status: int  # of success
    answer: type[Schema] | None  # None: no body (204), or free JSON
    body: type[Schema] | None = None  # a JSON request body, validated with it
    upload: str | None = None  # a multipart/form-data request with this file field
    largest: int | None = None  # the largest upload it takes, in bytes (default bodies.MAX_UPLOAD)
    query: type[Schema] | None = None  # query-string parameters (beside `after`), loaded with it
    auth: bool = True
    limit: str | None = None  # rate-limit bucket (ratelimit.DEFAULT_LIMITS)
    capability: str = "accounts"  # what is unavailable when its service does not answer
    errors: tuple[int, ...] = ()  # statuses of the gateway's own errors, beyond the usual ones
    refusals: tuple[Refusal, ...] = ()  # what the services may refuse here (OpenAPI lists them)
    tag: str = "accounts"
    description: str = ""
    # How this route names a field a service's refusal is about (refusals.api_error).
    fields: tuple[tuple[str, str], ...] = ()
    also: tuple[int, ...] = ()  # other statuses of success, with the same `answer`
    root: bool = False  # at the site's root, not under PREFIX: the probes (/healthz, /readyz)

    @property
    def rule(self) -> str:
        return self.path if self.root else PREFIX + self.path

    @property
    def openapi_path(self) -> str:
        return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", self.rule)

    @property
    def path_parameters(self) -> list[tuple[str, str]]:
        """[(name, converter)] in order."""
        return [
            (m[1], m[0] or "string") for m in re.findall(r"<(?:([a-z]+):)?([a-z_]+)>", self.path)
        ]


def root_rules() -> frozenset[str]:
    """The rules answered outside PREFIX, which the web client's paths must not shadow."""
    return frozenset(r.rule for r in ROUTES if r.root)


def register(route: Route) -> Route:
    if any(r.method == route.method and r.rule == route.rule for r in ROUTES):
        raise ValueError(f"{route.method} {route.rule} is declared twice")
    ROUTES.append(route)
    return route


@dataclass
class Call:
    """One request as a handler sees it: validated, authenticated, within its limits."""

    request_id: str
    route: Route
    body: dict[str, Any]
    path: dict[str, Any]
    after: str | None
    client: str
    session: Session | None = None
    upload: bytes | None = None
    query: dict[str, Any] = field(default_factory=dict)
    ids: CommandIds = field(default_factory=CommandIds)
    device: str | None = None  # the browser's device cookie (access/gate.py), when it sent one
    headers: dict[str, str] = field(default_factory=dict)  # those a route reads (HEADERS_READ)

    def command_id(self, purpose: str = "") -> str:
        """The id of a command this request sends: fresh, or derived from its Idempotency-Key
        (access/idempotency.py). A route sending several commands gives each its own `purpose`."""
        return self.ids.new(purpose)

    @property
    def resident_id(self) -> str:
        if self.session is None:
            raise unauthenticated()
        return self.session.resident_id


@dataclass(frozen=True)
class Cookie:
    name: str
    value: str
    max_age: int  # 0 deletes it
    http_only: bool
    secure: bool


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    cookies: list[Cookie] = field(default_factory=list)


class Door(Protocol):
    """What a route function is given beside its call: the gateway's dependencies."""

    remote: Remote
    access: Gate
    readiness: Readiness


Handler = Callable[[Door, Call], Reply]
Table = tuple[tuple[Route, Handler], ...]


def route(spec: Route) -> Callable[[Handler], Handler]:
    """Declare `spec` (it then appears in the OpenAPI document) and mark the decorated function
    as its handler, for `table` to find."""
    register(spec)

    def mark(handler: Handler) -> Handler:
        handler.route = spec  # type: ignore[attr-defined]
        return handler

    return mark


def table(*modules: ModuleType) -> Table:
    """The routes declared in `modules`, in the order they are written: their functions, and
    their tuples of functions (a table of routes served alike)."""
    return tuple(
        (found.route, found)
        for module in modules
        for value in vars(module).values()
        for found in (value if isinstance(value, tuple) else (value,))
        if isinstance(getattr(found, "route", None), Route)
        and getattr(found, "__module__", None) == module.__name__
    )
