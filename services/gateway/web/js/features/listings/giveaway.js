// A giveaway's or a barter's reservation on its page: reserved for someone (for me, when it is
// me), or still free; the giver of a "giver chooses" giveaway picks a responder in the responses.
import { h } from "../../core/dom.js";
import { statusMessage } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { myId } from "./api.js";
import { section } from "./cards.js";

export function reservationPart(listing) {
  const reservation = listing.exchange?.reservation;
  if (!reservation) return null;
  if (!reservation.reserved) {
    const how =
      listing.category === "giveaway"
        ? `exchange.allocation.${reservation.allocation}`
        : "exchange.barter_free";
    return section("exchange.reservation_heading", h("p", {}, t(how)));
  }
  const forMe = reservation.recipient_id && reservation.recipient_id === myId();
  return section(
    "exchange.reservation_heading",
    statusMessage(t(forMe ? "exchange.reserved_for_you" : "exchange.reserved")),
  );
}

/** Whether the author picks a recipient among the responses (instead of going ahead). */
export const picksRecipient = (listing) =>
  listing.category === "giveaway" && listing.details?.allocation === "giver_chooses";

export const reserved = (listing) => Boolean(listing.exchange?.reservation?.reserved);
