"""How a context's routes call its service, once for every context: the route declaration (the
capability that is unavailable when the service does not answer, and its tag), a call whose
refusal becomes the client's error, and the two shapes most routes have: a query about what the
path names, asked by the caller, and a command under the call's command id.

Each context keeps its own translation of its refusals (api/<context>/calls.py `refused`).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema

from services.gateway.api.neighbourhoods.schemas import shown
from services.gateway.api.reading import reading
from services.gateway.http.errors import ApiError
from services.gateway.http.routing import Call, Door, Handler, Reply, Route, route
from services.gateway.remote import Refusal, Remote

Translate = Callable[[Refusal], ApiError]


@dataclass(frozen=True)
class ServiceApi:
    """One context's service as its routes reach it."""

    service: str  # the Nameko service, and the capability unavailable when it does not answer
    refused: Translate  # the client's error for one of its refusals

    def route(
        self,
        method: str,
        path: str,
        summary: str,
        status: int,
        answer: type[Schema] | None,
        **options: Any,
    ) -> Callable[[Handler], Handler]:
        """Declare a route of this context's API: unavailable when its service does not answer,
        and under its tag unless `options` name another."""
        options = {"capability": self.service, "tag": self.service, **options}
        return route(Route(method, path, summary, status, answer, **options))

    def step(
        self,
        method: str,
        path: str,
        summary: str,
        status: int,
        answer: type[Schema],
        command: str,
        *,
        actor: str = "resident_id",
        passes: tuple[str, ...] = (),
        reads: bool = False,
        **options: Any,
    ) -> Handler:
        """Declare a route that only runs the command `command` (its handler, named after it):
        on the ids the path names, by the caller (as `actor`), with the body's fields `passes`
        (given), after what the call read when it `reads`. It answers `status` with the
        command's answer cut to `answer`, or its position."""
        shows = None if set(answer().fields) == {"position"} else answer

        def handler(door: Door, call: Call) -> Reply:
            said = {actor: call.resident_id, **given(call.body, passes)}
            return self.done(status, door, call, command, shows, **said, **_read(call, reads))

        handler.__name__ = handler.__qualname__ = command
        handler.__doc__ = summary
        # As namedtuple and Enum do: the declaring module is the caller, so that its route
        # table (routing.table) finds the handler among its own.
        handler.__module__ = sys._getframe(1).f_globals["__name__"]
        return self.route(method, path, summary, status, answer, **options)(handler)

    def ask(
        self, remote: Remote, method: str, translate: Translate | None = None, /, **kwargs: Any
    ) -> Any:
        """A query, or a command given its command_id; its refusal as the client's error
        (`translate`, when a route gives a code another meaning)."""
        try:
            return remote.call(self.service, method, **kwargs)
        except Refusal as refusal:
            raise (translate or self.refused)(refusal) from None

    def unless_unavailable(self, remote: Remote, method: str, **kwargs: Any) -> Any | None:
        """`ask`, or None when the service does not answer: for a page that still shows what
        the other services said."""
        try:
            return self.ask(remote, method, **kwargs)
        except ApiError as error:
            if error.code != "unavailable":
                raise
            return None

    def query(
        self,
        door: Door,
        call: Call,
        method: str,
        answer: type[Schema],
        *,
        viewer: str = "viewer_id",
        key: str | None = None,
        scan: float = 0.0,
        **kwargs: Any,
    ) -> Reply:
        """Answer 200 with the query `method` about the ids the path names, asked by the caller
        (as `viewer`) after what the call read; the answer cut to `answer`, under `key` if given.
        `scan`: the seconds a query that reads the whole log may take beyond its catch-up."""
        read = reading(call)
        if scan:
            read["patience"] = float(read["patience"]) + scan
        asked = {**_named(call), viewer: call.resident_id, **kwargs, **read}
        found = shown(answer, self.ask(door.remote, method, **asked))
        return Reply(200, found if key is None else {key: found})

    def command(self, remote: Remote, call: Call, method: str, **kwargs: Any) -> dict[str, Any]:
        """Run the command `method` under the call's command id; its answer (ids and position)."""
        answer: dict[str, Any] = self.ask(remote, method, command_id=call.command_id(), **kwargs)
        return answer

    def done(
        self,
        status: int,
        door: Door,
        call: Call,
        method: str,
        answer: type[Schema] | None = None,
        /,
        **kwargs: Any,
    ) -> Reply:
        """Answer `status` with the command `method` on the ids the path names (a route whose
        path names an id the command does not take calls `command`): its answer cut to
        `answer`, or its position."""
        found = self.command(door.remote, call, method, **{**_named(call), **kwargs})
        said = {"position": found["position"]} if answer is None else shown(answer, found)
        return Reply(status, said)


def given(body: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The body's values `names` as a service takes them (dates as ISO text, ids as text);
    those not given are left out (the service's default)."""
    found = {name: body[name] for name in names if body.get(name) is not None}
    return {k: _text(v) for k, v in found.items()}


def _text(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _read(call: Call, reads: bool) -> dict[str, Any]:
    return reading(call) if reads else {}


def _named(call: Call) -> dict[str, str]:
    """The ids the call's path names, as the services take them."""
    return {name: str(value) for name, value in call.path.items()}
