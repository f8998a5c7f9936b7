"""What a listing decides on a command, given its state (listing.py): the events the command
leads to, or the error of the rule it breaks (errors.py). The decisions themselves are in
publishing.py, lifecycle.py, responses.py and moderation.py.

    state = fold(events)
    events = decide(command, state)

Pure: no I/O, no clock, no randomness. Time, ids and what the read models know (memberships,
moderators, the author's photos) come in the command.
"""

from __future__ import annotations

from contracts.listings.events import ListingEvent
from listings.commands import (
    ChooseRecipient,
    ChooseResponder,
    CloseListing,
    EditListing,
    ExpireListing,
    ListingCommand,
    ModerateListing,
    PublishListing,
    RenewListing,
    ReopenListing,
    ReportListing,
    RespondToListing,
    WithdrawListing,
)
from listings.domain.lifecycle import close, expire, renew, reopen, withdraw
from listings.domain.listing import Listing
from listings.domain.moderation import moderate, report
from listings.domain.publishing import edit, publish
from listings.domain.responses import choose, choose_recipient, respond


def decide(command: ListingCommand, state: Listing) -> list[ListingEvent]:
    """The events that `command` leads to, given the listing's `state`."""
    match command:
        case PublishListing():
            return publish(command, state)
        case EditListing():
            return edit(command, state)
        case CloseListing():
            return close(command, state)
        case ReopenListing():
            return reopen(command, state)
        case RenewListing():
            return renew(command, state)
        case ExpireListing():
            return expire(command, state)
        case WithdrawListing():
            return withdraw(command, state)
        case RespondToListing():
            return respond(command, state)
        case ChooseResponder():
            return choose(command, state)
        case ReportListing():
            return report(command, state)
        case ModerateListing():
            return moderate(command, state)
        case ChooseRecipient():
            return choose_recipient(command, state)
    raise TypeError(f"not a listing command: {type(command).__name__}")
