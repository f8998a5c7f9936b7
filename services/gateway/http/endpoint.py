"""`entrypoint(route, handler)`: one Nameko HTTP entrypoint per route of the API.

Before the worker runs, the entrypoint authenticates (401, 403 csrf_failed), counts the
client's request in the route's rate-limit bucket and the resident's in theirs (429), reads a
write's Idempotency-Key (422; access/idempotency.py makes the request's command ids from it),
refuses an `after` beyond the log's head (422) and a read past its caller's waiting reads (429,
access/reads.py), reads and validates the body (400, 413, 415, 422) and puts the request id in
the worker's context data as `correlation_id`, so that every RPC the handler makes carries it.
The handler gets a `Call` and answers a `Reply`; whatever it raises is turned into an error
Reply inside the worker (ApiError as it is, a service's Refusal through http/refusals.py,
anything else as 500 `internal`, logged with the request id and the exception's type only), so
that no trace ever reaches a log or a client.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from eventlet.event import Event
from nameko.exceptions import ContainerBeingKilled
from nameko.web.handlers import HttpRequestHandler
from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from services.gateway.access.gate import Gate
from services.gateway.access.idempotency import (
    HEADER,
    CommandIds,
    command_ids,
    fingerprint,
    idempotency_key,
)
from services.gateway.http import bodies
from services.gateway.http.errors import ApiError, internal, unavailable, validation_failed
from services.gateway.http.refusals import api_error
from services.gateway.http.routing import HEADERS_READ, Call, Handler, Reply, Route
from services.gateway.http.server import REQUEST_ID, GatewayServer, error_response
from services.gateway.remote import Refusal

log = logging.getLogger("quartier.gateway")
POSITION = re.compile(r"^[0-9]{1,30}(\.[0-9]{1,30}){0,3}$")


class Endpoint(HttpRequestHandler):
    server = GatewayServer()
    gate = Gate()

    def __init__(self, route: Route, **kwargs: Any) -> None:
        self.route = route
        super().__init__(route.method, route.rule, **kwargs)

    def get_url_rule(self) -> Rule:
        return Rule(self.route.rule, methods=[self.route.method])

    def handle_request(self, request: Request) -> Response:
        request.shallow = False
        rid = str(request.environ[REQUEST_ID])
        try:
            call = self._call(request, rid)
            with self._waiting(call):
                done = Event()
                self.container.spawn_worker(
                    self,
                    (call,),
                    {},
                    context_data=self.server.context_data_from_headers(request),
                    handle_result=functools.partial(self._handled, done),
                )
                reply, exc_info = done.wait()
        except ApiError as error:
            return error_response(error)
        except ContainerBeingKilled:
            return error_response(unavailable("the service"))
        if exc_info is not None or not isinstance(reply, Reply):
            kind = exc_info[0].__name__ if exc_info else type(reply).__name__
            log.error("request %s: %s failed: %s", rid, self.route.rule, kind)
            return error_response(internal())
        return render(reply)

    def _waiting(self, call: Call) -> AbstractContextManager[None]:
        """A read that may wait for `after` holds one of its caller's waiting slots."""
        if call.after is None or self.route.method != "GET":
            return contextlib.nullcontext()
        return self.gate.reads.slot(self.gate.caller(call.session, call.client))

    def _handled(self, done: Event, worker_ctx: Any, result: Any, exc_info: Any) -> Any:
        done.send((result, exc_info))
        return result, exc_info

    def _call(self, request: Request, rid: str) -> Call:
        route = self.route
        client = self.gate.client(request)
        session = self.gate.admit(request, route, client)
        key = idempotency_key(route.method, request.headers.get(HEADER))
        after = request.args.get("after")
        if after is not None:
            if not POSITION.match(after):
                raise validation_failed({"after": ["Pass a position returned by a command."]})
            self.gate.reads.check(after)
        body = bodies.json_body(request, route.body) if route.body is not None else {}
        upload = (
            bodies.upload(request, route.upload, route.largest)
            if route.upload is not None
            else None
        )
        path = dict(request.path_values)  # type: ignore[attr-defined]
        asked = {k: v for k, v in request.args.items() if k != "after"}
        query = bodies.load(route.query, asked) if route.query is not None else {}
        ids = CommandIds()
        if key is not None:
            caller = self.gate.caller(session, client)
            asked_for = fingerprint(body, path, query, upload)
            ids = command_ids(key, caller, route.method, route.path, asked_for)
        device = self.gate.device(request)
        headers = {k: request.headers[k] for k in HEADERS_READ if k in request.headers}
        return Call(
            rid, route, body, path, after, client, session, upload, query, ids, device, headers
        )


def entrypoint(spec: Route, handler: Handler) -> Callable[..., Reply]:
    """A method of GatewayService answering `spec` with `handler(service, call)`: Nameko's
    entrypoint for the route, and whatever the handler raises turned into an error reply."""

    @functools.wraps(handler)
    def method(self: Any, call: Call) -> Reply:
        try:
            return handler(self, call)
        except ApiError as error:
            return error_reply(error)
        except Refusal as refused:
            return error_reply(api_error(refused.code, refused.details, dict(spec.fields)))
        except Exception as exc:
            log.error(
                "request %s: %s %s failed: %s",
                call.request_id,
                spec.method,
                spec.rule,
                type(exc).__name__,
            )
            return error_reply(internal())

    served: Callable[..., Reply] = Endpoint.decorator(spec)(method)
    return served


def error_reply(error: ApiError) -> Reply:
    return Reply(error.status, error.body(), dict(error.headers))


def render(reply: Reply) -> Response:
    if reply.body is None:
        response = Response(status=reply.status)
    elif isinstance(reply.body, bytes):  # a file (a photo): its Content-Type is in the headers
        response = Response(reply.body, status=reply.status)
    elif isinstance(reply.body, Iterator):  # a stream (Server-Sent Events), sent as it comes
        response = Response(reply.body, status=reply.status, direct_passthrough=True)
    else:
        response = Response(
            json.dumps(reply.body), status=reply.status, mimetype="application/json"
        )
    for name, value in reply.headers.items():
        response.headers[name] = value
    for cookie in reply.cookies:
        response.set_cookie(
            cookie.name,
            cookie.value,
            max_age=cookie.max_age,
            path="/",
            secure=cookie.secure,
            httponly=cookie.http_only,
            samesite="Lax",
        )
    return response
