"""An RPC door declared by its command type: the command dataclass is the one parameter list.

    rename = command_door(DOOR, RenameNeighbourhood, "rename", actor="actor_id",
                          longest={"name": 200}, doc="Founder or moderators. -> {position}.")

The door's arguments are the dataclass's fields but `at` (the time, from the handlers' clock) and
those the caller supplies from the service (`supplied`). Each argument is checked and converted
by its field's type (UUID, str, int, bool, datetime as ISO 8601 with its offset, or None for
an optional one, which then defaults to None unless a required one follows it: it must then be
passed, None or not); the command is built, run by `handlers.run(command, actor_id)` (or the
door's own `run`) and answered `done(position)`. Failures are answered by the context's Door,
as every door's are.
"""

from __future__ import annotations

import inspect
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import datetime
from typing import Any

from services.runtime.doors import Door, done

# Filled in by the door, never by the caller.
STAMPED = "at"


def command_door(
    door: Door,
    command: type[Any],
    name: str,
    *,
    actor: str,
    longest: Mapping[str, int] | None = None,
    supplied: Mapping[str, Callable[[Any, dict[str, Any]], Any]] | None = None,
    run: Callable[[Any, Any, Any], str | None] | None = None,
    doc: str = "",
) -> Any:
    """The RPC method `name` of a Nameko service, building `command` from its arguments.

    `actor` names the field holding the resident acting (their id goes in the events' metadata);
    `longest` the longest text each str field accepts (default 1000); `supplied` computes fields
    from the service and the converted arguments; `run(handlers, command, actor_id)` runs it when
    the context's table alone does not."""
    hints = typing.get_type_hints(command)
    given = dict(supplied or {})
    limits = dict(longest or {})
    arguments = [f.name for f in fields(command) if f.name != STAMPED and f.name not in given]
    optional = {a for a in arguments if _optional(hints[a])}
    # Only optional arguments after the last required one can be left out.
    required = [i for i, a in enumerate(arguments) if a not in optional]
    defaulted = {a for a in arguments[(required[-1] + 1 if required else 0) :]}
    converters = {a: _converter(door, a, _base(hints[a]), limits.get(a, 1000)) for a in arguments}
    signature = inspect.Signature(
        [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        + [
            inspect.Parameter(
                a,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=None if a in defaulted else inspect.Parameter.empty,
            )
            for a in arguments
        ]
    )

    def method(service: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        bound = signature.bind(service, *args, **kwargs)
        bound.apply_defaults()
        values = {
            a: None if a in optional and bound.arguments[a] is None else converters[a](v)
            for a, v in bound.arguments.items()
            if a != "self"
        }
        for field_name, compute in given.items():
            values[field_name] = compute(service, values)
        handlers = service.handlers
        built = command(**values, **{STAMPED: handlers.clock()})
        acting = values[actor]
        position = run(handlers, built, acting) if run else handlers.run(built, acting)
        return done(position)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = doc
    method.__signature__ = signature  # type: ignore[attr-defined]
    return door.rpc(door.wrap(method))


def _optional(hint: Any) -> bool:
    return isinstance(hint, types.UnionType) and type(None) in typing.get_args(hint)


def _base(hint: Any) -> Any:
    if _optional(hint):
        (inner,) = [h for h in typing.get_args(hint) if h is not type(None)]
        return inner
    return hint


def _converter(door: Door, name: str, kind: Any, longest: int) -> Callable[[Any], Any]:
    if kind is uuid.UUID:
        return lambda value: door.uid(value, name)
    if kind is str:
        return lambda value: door.text(value, name, longest)
    if kind is bool:
        return lambda value: _checked(door, value, bool, name, "a boolean")
    if kind is int:
        return lambda value: _checked(door, value, int, name, "an integer")
    if kind is datetime:
        return lambda value: door.moment(value, name)
    raise TypeError(f"{name}: no RPC conversion for {kind!r}")


def _checked(door: Door, value: Any, kind: type, name: str, shape: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise door.invalid(f"{name} must be {shape}")
    return value
