// English texts of matching: the suggestions screen, the reasons in words and the refusals of a
// match; the connections' texts and refusals come from their own file. Together: every refusal
// of contracts/matching/refusals.py.
import connections from "./connections-messages.en.js";

export default {
  ...connections,
  "match.nav": "Suggested",
  "match.title": "Suggested for you",
  "match.intro":
    "Neighbours whose listings answer yours. Accept to be put in touch: when both of you accept, you can write to each other.",
  "match.none": "No suggestion yet. Post an offer or a request: we will tell you who answers it.",
  "match.a_listing": "A listing",
  "match.a_neighbour": "A neighbour",
  "match.asks": "{name} asks",
  "match.offers": "{name} offers",
  "match.for_mine": "for your listing “{title}”",
  "match.why": "Why:",
  "match.and_sep": ", ",
  "match.accept": "Accept",
  "match.decline": "Decline",
  "match.accept_named": "Accept the match with “{title}”",
  "match.decline_named": "Decline the match with “{title}”",
  "match.status.waiting": "You accepted: waiting for your neighbour.",
  "match.status.they_accepted": "Your neighbour accepted: your turn.",
  "match.status.connected": "You are in touch.",
  "match.write_to": "Write to {name}",
  "match.status.declined": "Declined.",
  "match.withdrawn.listing_closed": "No longer suggested: a listing closed.",
  "match.withdrawn.blocked": "No longer suggested.",
  "match.withdrawn.erased": "No longer suggested: the account was closed.",
  "match.reason.category": "both about {category}",
  "match.reason.related": "{offered} for a {category} request",
  "match.reason.skills": "both about {skills}",
  "match.reason.words": "{count} words in common",
  "match.reason.days": "both free on {days}",
  "match.reason.departure": "leaves {minutes} min from your time ({days})",
  "match.reason.same_street": "same street",
  "match.reason.metres": "about {metres} m apart",
  "match.reason.route": "passes {pickup} m from your start and {dropoff} m from your destination",
  "error.unknown_match": "This match does not exist, or is not yours.",
  "error.match_not_open": "This match is over: declined, withdrawn or already connected.",
  "error.match_already_answered": "You already answered this match.",
};
