"""Who hears of an event, as the routing table describes them: `Audience` values say where
recipients come from; those named in the event itself are read here, the others are resolved
by the inbox read model from what it learnt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Data = Mapping[str, Any]


@dataclass(frozen=True)
class Audience:
    """Where recipients come from: `kind` is one of
    field       the id in data[name]
    fields      the ids in the list data[name]
    other       the one of the ids in data[name] (a pair of fields) who is not data[by]
    author      the author of the listing data[name]
    members     every member of the neighbourhoods data[name] (one id or a list)
    moderators  the moderators of the neighbourhoods where the listing data[name] is shown
    operators   the platform's operators
    """

    kind: str
    name: str = ""
    by: str = ""
    pair: tuple[str, str] = ("", "")


def one(name: str) -> Audience:
    return Audience("field", name)


def each(name: str) -> Audience:
    return Audience("fields", name)


def other(first: str, second: str, by: str) -> Audience:
    return Audience("other", by=by, pair=(first, second))


def author(listing: str = "listing_id") -> Audience:
    return Audience("author", listing)


def members(neighbourhoods: str) -> Audience:
    return Audience("members", neighbourhoods)


def moderators(listing: str = "listing_id") -> Audience:
    return Audience("moderators", listing)


OPERATORS = Audience("operators")


def direct(audience: Audience, data: Data) -> list[str]:
    """The recipients an audience names in the event itself (field, fields, other); [] for one
    resolved from what the read model learnt."""
    match audience.kind:
        case "field":
            value = data.get(audience.name)
            return [] if value is None else [str(value)]
        case "fields":
            return [str(v) for v in data.get(audience.name) or ()]
        case "other":
            by = str(data.get(audience.by))
            return [
                str(data[n])
                for n in audience.pair
                if data.get(n) is not None and str(data[n]) != by
            ]
    return []


def listed(value: Any) -> list[str]:
    """One id or a list of them, as text."""
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return [str(v) for v in value]
    return [str(value)]
