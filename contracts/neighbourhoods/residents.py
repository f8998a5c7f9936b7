"""Neighbourhoods contracts of a resident's own stream, `neighbourhoods.resident-<resident_id>`:
the places they hold among their neighbourhoods (at most a few, counted here under one expected
version so that the limit holds under concurrent joins) and the withdrawal of their verified
home. Declared in contracts.neighbourhoods. Ids only: no personal value.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema, fields

from ..fields import contract_of, one_of, schema_of
from ..registry import OldVersion, declare
from .members import WITHDRAWAL_CAUSES

RELEASE_CAUSES = ("left", "removed", "withdrawn", "ended", "refused", "cancelled")
"""Why a place was released: its membership ended (left, removed, withdrawn; "ended" when the
release catches up later with a membership that had ended), the join it was reserved for was
refused by the neighbourhood, or that join was cancelled (JoinCancelled)."""


@dataclass(frozen=True)
class MembershipReserved:
    """A place among the resident's neighbourhoods was taken for the join `join_id`, before
    the neighbourhood records MemberJoined with the same id. `verified_at` is when the home
    the join relied on was verified: a withdrawal ends the place only if it withdrew that
    verification (at or after it). None when unknown (recorded by version 1): the place then
    counts as relying on any earlier verification, so any withdrawal ends it."""

    resident_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    join_id: uuid.UUID
    reserved_at: datetime
    verified_at: datetime | None


class MembershipReservedV1Schema(Schema):
    """Version 1 did not say which verification the join relied on."""

    resident_id = fields.UUID(required=True)
    neighbourhood_id = fields.UUID(required=True)
    join_id = fields.UUID(required=True)
    reserved_at = fields.AwareDateTime(required=True)


def membership_reserved_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # Not knowable from the event alone; unknown keeps the place withdrawable, as it was.
    data["verified_at"] = None
    return data


@dataclass(frozen=True)
class MembershipReleased:
    """The place taken for `join_id` is free again (see RELEASE_CAUSES)."""

    resident_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    join_id: uuid.UUID
    cause: str
    released_at: datetime


@dataclass(frozen=True)
class ResidentWithdrawn:
    """The resident's home stopped being verified at `withdrawn_at` (the time of identity's
    event): every place reserved before this event whose join relied on a verification at or
    before that moment ends, and a join relying on such a verification is refused. Joins relying
    on a later verification stay, even when recorded before this event (identity's event was
    handled late)."""

    resident_id: uuid.UUID
    cause: str
    withdrawn_at: datetime


MEMBERSHIP_RESERVED = declare(
    "neighbourhoods.MembershipReserved",
    2,
    MembershipReserved,
    schema_of(MembershipReserved),
    subject="resident_id",
    history=[OldVersion(1, MembershipReservedV1Schema, upcast=membership_reserved_v1_to_v2)],
)
MEMBERSHIP_RELEASED = contract_of(
    "neighbourhoods", MembershipReleased, "resident_id", cause=one_of(RELEASE_CAUSES)
)
RESIDENT_WITHDRAWN = contract_of(
    "neighbourhoods", ResidentWithdrawn, "resident_id", cause=one_of(WITHDRAWAL_CAUSES)
)
