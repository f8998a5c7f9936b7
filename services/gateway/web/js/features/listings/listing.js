// "/listings/:id": a listing with its photos, its details in words and its history. A member
// responds or reports it; its author edits, closes or reopens it, reads the responses and goes
// ahead with one responder; a moderator of one of its neighbourhoods restores or removes it.
import { h } from "../../core/dom.js";
import { field, form } from "../../core/forms.js";
import { has, t } from "../../core/i18n.js";
import { formatWhen, listings, myHoods, myId, photoUrl } from "./api.js";
import { authorPart, responsesPart } from "./author.js";
import { bookingPart } from "./bookings.js";
import { badges, byline, detailsList, section } from "./cards.js";
import { boundaryMap } from "../../shared/map.js";
import { limit, saying } from "./limits.js";
import { moderatorPart, reasonButton } from "./moderation.js";
import { reservationPart, reserved } from "./giveaway.js";
import { purchasePart } from "./purchase.js";
import { seatsPart } from "./trips.js";

/** A ride's start and end on a map (streets when the installation has tiles); the details
 * below say them in words. */
function tripPart(listing) {
  const { from, to } = listing.details || {};
  if (listing.category !== "transport" || !from || !to) return null;
  const { element, ready } = boundaryMap({ label: t("listing.trip_map") });
  ready.then((map) => {
    if (!map) return;
    map.setPlaces([
      { ...from, name: from.label || t("listing.field.from") },
      { ...to, name: to.label || t("listing.field.to") },
    ]);
    map.fit();
  });
  return h("figure", { class: "map-figure" }, element);
}

function photosPart(listing) {
  const ids = listing.photos || [];
  if (!ids.length) return null;
  return h(
    "ul",
    { class: "listing-photos", "aria-label": t("listing.photos") },
    ids.map((photoId, index) =>
      h(
        "li",
        {},
        h(
          "a",
          { href: photoUrl(photoId, "full"), target: "_blank", rel: "noopener" },
          h("img", {
            src: photoUrl(photoId, "thumb"),
            alt: t("listing.photo_full", { n: index + 1 }),
            width: 200,
            height: 200,
          }),
        ),
      ),
    ),
  );
}

// "ListingPublished", "listing_published" or "published": one text, listing.history.published.
const historyKey = (type) =>
  `listing.history.${String(type)
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/^listing_/, "")}`;

function historyPart(listing) {
  const history = listing.history || [];
  if (!history.length) return null;
  return h(
    "details",
    { class: "more" },
    h("summary", {}, t("listing.history")),
    h(
      "ul",
      { class: "log" },
      history.map((step) =>
        h(
          "li",
          {},
          h("time", { datetime: step.at }, formatWhen(step.at)),
          " ",
          has(historyKey(step.type)) ? t(historyKey(step.type)) : step.type,
        ),
      ),
    ),
  );
}

function respondPart(ctx, listing) {
  if (listing.my_response) {
    return section(
      "listing.your_response",
      h(
        "p",
        {},
        t("listing.responded_on", {
          when: formatWhen(listing.my_response.sent_at || listing.my_response.at),
        }),
      ),
      h("blockquote", { class: "listing-message" }, listing.my_response.message),
    );
  }
  if (listing.status !== "open" || listing.hidden || reserved(listing)) return null;
  const max = limit("invalid_message", "max_length");
  const barter = listing.category === "barter";
  const most = limit("invalid_offer", "max_length");
  return section(
    "listing.respond",
    form({
      label: t("listing.respond"),
      submit: t("listing.respond_submit"),
      fields: [
        field({
          name: "message",
          label: t("listing.field.message"),
          hint: saying("listing.message_hint", { max }),
          type: "textarea",
          rows: 4,
          required: true,
          maxlength: max,
        }),
        barter
          ? field({
              name: "offer",
              label: t("exchange.offer"),
              hint: saying("exchange.offer_hint", { max: most }),
              type: "textarea",
              rows: 2,
              required: true,
              maxlength: most,
            })
          : null,
      ],
      onSubmit: async (values) => {
        await listings.respond(listing.listing_id, values.message, barter ? values.offer : null);
        ctx.flash(t("listing.responded"));
        await ctx.rerender();
      },
    }),
  );
}

async function render(ctx) {
  const listing = await listings.get(ctx.params.id);
  document.title = `${listing.title} · ${t("app.name")}`;
  const mine = listing.author?.resident_id === myId();
  const moderates = myHoods().some(
    (hood) => hood.moderator && (listing.neighbourhood_ids || []).includes(hood.neighbourhood_id),
  );
  const panel = h(
    "article",
    { class: "panel listing" },
    h("h1", {}, listing.title),
    badges(listing),
    h("p", { class: "listing-meta" }, byline(listing)),
    h(
      "p",
      { class: "listing-meta" },
      t("listing.published", { when: formatWhen(listing.published_at) }),
      listing.expires_at && listing.status === "open"
        ? ` · ${t("listing.expires", { when: formatWhen(listing.expires_at) })}`
        : null,
    ),
    photosPart(listing),
    tripPart(listing),
    listing.description ? h("p", { class: "listing-description" }, listing.description) : null,
    detailsList(listing.category, listing.details),
    seatsPart(ctx, listing, mine),
    purchasePart(ctx, listing, mine),
    reservationPart(listing),
  );
  panel.append((await bookingPart(ctx, listing)) || "");
  if (mine) {
    panel.append(authorPart(ctx, listing), await responsesPart(ctx, listing));
  } else {
    panel.append(respondPart(ctx, listing) || "");
    panel.append(
      h(
        "div",
        { class: "actions" },
        reasonButton(ctx, {
          label: t("listing.report"),
          heading: t("listing.report_heading"),
          text: t("listing.report_text"),
          confirm: t("listing.report_submit"),
          call: (reason) => listings.report(listing.listing_id, reason),
          done: "listing.reported",
          danger: false,
        }),
      ),
    );
  }
  if (moderates && !mine) panel.append(moderatorPart(ctx, listing));
  const history = historyPart(listing);
  if (history) panel.append(history);
  return panel;
}

export const listingScreen = {
  path: "/listings/:id",
  title: "listing.title",
  access: "resident",
  render,
};
