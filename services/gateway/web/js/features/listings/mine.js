// "/me/listings": what I posted, in every neighbourhood, newest first.
// "/me/responses": the listings I responded to, with what I wrote.
import { h } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { formatWhen, listings } from "./api.js";
import { card, listingPath } from "./cards.js";
import { pagedList } from "./more.js";

async function renderMine() {
  return h(
    "section",
    { class: "panel" },
    h("h1", {}, t("listing.mine_title")),
    await pagedList({
      load: (cursor) => listings.mine(cursor),
      item: (listing) => card(listing),
      empty: t("listing.mine_none"),
      label: t("listing.mine_title"),
    }),
  );
}

function responseItem(item) {
  const listing = item.listing || {};
  return h(
    "article",
    { class: "listing-response" },
    listing.title
      ? card(listing)
      : h("h2", {}, h("a", { href: listingPath(item.listing_id) }, t("listing.title"))),
    h(
      "p",
      { class: "listing-meta" },
      t("listing.responded_on", { when: formatWhen(item.sent_at || item.at) }),
      item.chosen ? ` · ${t("listing.you_were_chosen")}` : null,
    ),
    item.message ? h("blockquote", { class: "listing-message" }, item.message) : null,
  );
}

async function renderResponses() {
  return h(
    "section",
    { class: "panel" },
    h("h1", {}, t("listing.my_responses_title")),
    await pagedList({
      load: (cursor) => listings.myResponses(cursor),
      item: responseItem,
      idOf: (item) => item.response_id,
      empty: t("listing.my_responses_none"),
      label: t("listing.my_responses_title"),
    }),
  );
}

export const mineScreen = {
  path: "/me/listings",
  title: "listing.mine_title",
  access: "resident",
  render: renderMine,
};

export const responsesScreen = {
  path: "/me/responses",
  title: "listing.my_responses_title",
  access: "resident",
  render: renderResponses,
};
