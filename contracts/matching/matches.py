"""Matching contracts of a match: an offer and a request that answer each other, proposed to
both authors with its score and the reasons for it, accepted or declined by each side,
connected when both accepted, withdrawn when it no longer holds.

A match lives in `matching.match-<match_id>`, `match_id = uuid5(MATCH_NAMESPACE,
"<offer_id>:<request_id>")`: one stream per pair of listings, appended with NO_STREAM when
proposed, so that re-publishing, editing or replaying never proposes a pair twice. Its score
and reasons are in the event, so an audit can say why two people were matched. A reason's
`detail` holds words the web client turns into a sentence (a category, a street name, common
words, weekdays, a distance in metres); it is nothing the residents have not both published.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import fields, validate

from ..fields import contract_of, one_of
from ..listings.categories import CATEGORIES

MATCH_NAMESPACE = uuid.UUID("5a3f7c1e-9a2b-4f61-8d0e-2b7c4e9a1f35")
FACTORS = ("category", "words", "time", "distance", "route")
"""What a match's score is made of (matching/domain/scoring.py weighs each)."""
WITHDRAWAL_CAUSES = ("listing_closed", "blocked", "erased")
"""Why a match was withdrawn: one of its listings stopped being open (closed, expired, hidden,
removed, withdrawn), one resident blocked the other, or one was erased."""
MAX_SCORE = 100
STATUSES = ("open", "declined", "connected", "withdrawn")
"""Where a match stands: proposed and waiting for both answers, declined by one side, both
sides put in touch, withdrawn by the system."""


def match_id_for(offer_id: uuid.UUID, request_id: uuid.UUID) -> uuid.UUID:
    """The one match of a pair of listings, whoever computes it."""
    return uuid.uuid5(MATCH_NAMESPACE, f"{offer_id}:{request_id}")


def match_stream(match_id: uuid.UUID) -> str:
    return f"matching.match-{match_id}"


def connection_id_for(match_id: uuid.UUID) -> uuid.UUID:
    """The connection a match becomes when both sides accept."""
    return uuid.uuid5(MATCH_NAMESPACE, f"connection:{match_id}")


@dataclass(frozen=True)
class MatchProposed:
    """An offer and a request answer each other: proposed to both authors. `reasons` are
    `{factor, points, detail}` objects, best first; `score` is their sum (0 to MAX_SCORE)."""

    match_id: uuid.UUID
    offer_id: uuid.UUID
    request_id: uuid.UUID
    offer_author_id: uuid.UUID
    request_author_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    category: str
    score: int
    reasons: list[dict[str, Any]]
    proposed_at: datetime


@dataclass(frozen=True)
class MatchAccepted:
    """One side said yes; `other_id` is the other side's author."""

    match_id: uuid.UUID
    resident_id: uuid.UUID
    other_id: uuid.UUID
    accepted_at: datetime


@dataclass(frozen=True)
class MatchDeclined:
    """One side said no: the match is over, for both."""

    match_id: uuid.UUID
    resident_id: uuid.UUID
    other_id: uuid.UUID
    declined_at: datetime


@dataclass(frozen=True)
class MatchConnected:
    """Both sides accepted: the connection `connection_id` puts them in touch."""

    match_id: uuid.UUID
    connection_id: uuid.UUID
    resident_ids: list[uuid.UUID]
    offer_id: uuid.UUID
    request_id: uuid.UUID
    connected_at: datetime


@dataclass(frozen=True)
class MatchWithdrawn:
    """The match no longer holds (WITHDRAWAL_CAUSES); recorded by the system."""

    match_id: uuid.UUID
    cause: str
    resident_ids: list[uuid.UUID]
    withdrawn_at: datetime


def _reasons() -> fields.List[Any]:
    reason = fields.Dict(keys=fields.String(), required=True)
    return fields.List(reason, required=True, validate=validate.Length(max=len(FACTORS)))


def _pair() -> fields.List[Any]:
    return fields.List(fields.UUID(), required=True, validate=validate.Length(equal=2))


MATCH_PROPOSED = contract_of(
    "matching",
    MatchProposed,
    category=one_of(CATEGORIES),
    score=fields.Integer(required=True, strict=True, validate=validate.Range(0, MAX_SCORE)),
    reasons=_reasons(),
)
MATCH_ACCEPTED = contract_of("matching", MatchAccepted)
MATCH_DECLINED = contract_of("matching", MatchDeclined)
MATCH_CONNECTED = contract_of("matching", MatchConnected, resident_ids=_pair())
MATCH_WITHDRAWN = contract_of(
    "matching", MatchWithdrawn, cause=one_of(WITHDRAWAL_CAUSES), resident_ids=_pair()
)
