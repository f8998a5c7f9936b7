"""What a route declares, what its handler is given and what it answers.

    @route(Route("POST", "/residents", "Sign up", 201, Registered, body=RegisterRequest,
                 auth=False, limit="sign_up", capability="accounts", errors=(409,)))
    def register(self, call: Call) -> Reply: ...

Every declared Route lands in ROUTES, from which openapi.py writes the document: a route
added by a later context appears there without more work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema

from services.gateway.access.idempotency import CommandIds
from services.gateway.access.sessions import Session
from services.gateway.http.errors import unauthenticated

PREFIX = "/api/v1"
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
    query: type[Schema] | None = None  # query-string parameters (beside `after`), loaded with it
    auth: bool = True
    limit: str | None = None  # rate-limit bucket (ratelimit.DEFAULT_LIMITS)
    capability: str = "accounts"  # what is unavailable when its service does not answer
    errors: tuple[int, ...] = ()  # statuses of refusals, beyond those every route may give
    tag: str = "accounts"
    description: str = ""
    # How this route names a field a service's refusal is about (refusals.api_error).
    fields: tuple[tuple[str, str], ...] = ()
    also: tuple[int, ...] = ()  # other statuses of success, with the same `answer`

    @property
    def rule(self) -> str:
        return PREFIX + self.path

    @property
    def openapi_path(self) -> str:
        return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", self.rule)

    @property
    def path_parameters(self) -> list[tuple[str, str]]:
        """[(name, converter)] in order."""
        return [
            (m[1], m[0] or "string") for m in re.findall(r"<(?:([a-z]+):)?([a-z_]+)>", self.path)
        ]


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
    device: str | None = None  # the browser's device cookie (access.py), when it sent one

    def command_id(self, purpose: str = "") -> str:
        """The id of a command this request sends: fresh, or derived from its Idempotency-Key
        (idempotency.py). A route sending several commands gives each its own `purpose`."""
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
