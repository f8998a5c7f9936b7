"""What a listing decides when members report it and when a moderator of one of its
neighbourhoods restores or removes it. REPORTS_TO_HIDE open reports from different members
hide it until a moderator decides."""

from __future__ import annotations

from contracts.listings.events import (
    ListingEvent,
    ListingHidden,
    ListingRemoved,
    ListingReported,
    ListingRestored,
)
from contracts.listings.moderation import DECISIONS, REPORTS_TO_HIDE
from listings.commands import ModerateListing, ReportListing
from listings.domain import texts
from listings.domain.errors import (
    AlreadyReported,
    ListingNotHidden,
    NotAModerator,
    UnknownListing,
)
from listings.domain.errors import ListingRemoved as AlreadyRemoved
from listings.domain.listing import REMOVED, Listing
from listings.domain.visibility import can_see, seen_by_another


def report(command: ReportListing, state: Listing) -> list[ListingEvent]:
    seen_by_another(state, command.reporter_id, command.member_of)
    if command.reporter_id in state.reporters:
        raise AlreadyReported("one report per member and listing")
    reason = texts.reason(command.reason)
    events: list[ListingEvent] = [
        ListingReported(
            command.listing_id, command.report_id, command.reporter_id, reason, command.at
        )
    ]
    reports = len(state.open_reports | {command.reporter_id})
    if not state.hidden and reports >= REPORTS_TO_HIDE:
        events.append(ListingHidden(command.listing_id, reports, command.at))
    return events


def moderate(command: ModerateListing, state: Listing) -> list[ListingEvent]:
    if command.decision not in DECISIONS:
        raise ValueError(f"a moderator's decision is one of {', '.join(DECISIONS)}")
    author_id = state.author_id
    visible = can_see(state, command.moderator_id, command.moderates, command.moderates)
    if author_id is None or not visible:
        raise UnknownListing("no such listing")
    if state.status == REMOVED:
        raise AlreadyRemoved("a moderator removed this listing already")
    nid = command.neighbourhood_id
    if nid not in command.moderates or nid not in state.neighbourhood_ids:
        raise NotAModerator("only a moderator of one of its neighbourhoods decides on it")
    if command.decision == "restore" and not state.hidden:
        raise ListingNotHidden("this listing is not hidden")
    reason = texts.reason(command.reason)
    at = command.at
    if command.decision == "restore":
        return [ListingRestored(command.listing_id, nid, author_id, reason, at)]
    return [ListingRemoved(command.listing_id, nid, author_id, reason, at)]
