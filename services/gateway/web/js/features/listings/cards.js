// A listing as a card (the board, my listings, the reports queue) and its details in words
// (the listing's page): every value in the resident's language, nothing as markup.
import { h, uniqueId } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { formatDistance } from "../neighbourhoods/api.js";
import { formatMoney, formatWhen, myId, photoUrl } from "./api.js";
import { FORMS } from "./categories.js";
import { SKILLS } from "./vocabulary.js";

export const listingPath = (id) => `/listings/${encodeURIComponent(id)}`;

/** Kind, category, status and hidden, as badges. */
export function badges(listing) {
  return h(
    "p",
    { class: "listing-badges" },
    h("span", { class: `badge badge-${listing.kind}` }, t(`listing.kind.${listing.kind}`)),
    h("span", { class: "badge" }, t(`listing.category.${listing.category}`)),
    listing.status && listing.status !== "open"
      ? h("span", { class: "badge badge-closed" }, t(`listing.status.${listing.status}`))
      : null,
    listing.hidden ? h("span", { class: "badge badge-hidden" }, t("listing.hidden")) : null,
  );
}

/** Who posted it and where: the name, the street when they show it, how far. */
export function byline(listing) {
  const author = listing.author || {};
  const parts = [author.display_name || t("listing.someone")];
  if (author.street) parts.push(author.street);
  if (Number.isFinite(listing.distance_m) && author.resident_id !== myId()) {
    parts.push(t("listing.distance", { distance: formatDistance(listing.distance_m) }));
  }
  return parts.join(" · ");
}

/** One card: thumbnail, category, title (the link), when, who and how far. */
export function card(listing, headingLevel = "h2") {
  const thumb = listing.thumbnail_photo_id
    ? h("img", {
        class: "listing-thumb",
        src: photoUrl(listing.thumbnail_photo_id, "thumb"),
        alt: "",
        loading: "lazy",
        width: 96,
        height: 96,
      })
    : h("div", { class: "listing-thumb listing-thumb-none", "aria-hidden": "true" });
  return h(
    "article",
    { class: "listing-card" },
    thumb,
    h(
      "div",
      { class: "listing-card-body" },
      h(
        headingLevel,
        { class: "listing-title" },
        h("a", { href: listingPath(listing.listing_id) }, listing.title),
      ),
      badges(listing),
      h(
        "p",
        { class: "listing-meta" },
        h(
          "time",
          { datetime: listing.published_at },
          t("listing.published", { when: formatWhen(listing.published_at) }),
        ),
        h("br"),
        byline(listing),
      ),
    ),
  );
}

/** A list of cards, or the text saying there is none. */
export function cardList(items, empty) {
  if (!items.length) return h("p", { class: "notice" }, empty);
  return h(
    "ul",
    { class: "listing-cards" },
    items.map((item) => h("li", {}, card(item))),
  );
}

function value(spec, raw, details) {
  switch (spec.type) {
    case "money":
      return formatMoney(raw);
    case "datetime":
      return formatWhen(raw);
    case "choice":
      return t(`listing.${spec.name}.${raw}`);
    case "point":
      return raw.label || `${raw.lat}, ${raw.lon}`;
    case "url":
      return h("a", { href: raw, rel: "noopener noreferrer nofollow", target: "_blank" }, raw);
    case "paid":
      return raw
        ? t("listing.paid_price", { price: formatMoney(details.price ?? 0) })
        : t("listing.free");
    case "skills":
      return raw.map((tag) => (SKILLS.includes(tag) ? t(`listing.skill.${tag}`) : tag)).join(", ");
    case "schedule":
      return details.weekly
        ? t("listing.weekly_at", {
            days: details.weekly.days.map((day) => t(`listing.weekday.${day}`)).join(", "),
            time: details.weekly.time,
          })
        : formatWhen(details.departure);
    default:
      return String(raw);
  }
}

/** The category's details as a description list, in the order of its form. */
export function detailsList(category, details = {}) {
  const rows = [];
  for (const spec of FORMS[category] || []) {
    const raw = spec.type === "schedule" ? details.weekly || details.departure : details[spec.name];
    if (raw === undefined || raw === null || (Array.isArray(raw) && !raw.length)) continue;
    rows.push(h("dt", {}, t(`listing.field.${spec.name}`)), h("dd", {}, value(spec, raw, details)));
  }
  return rows.length ? h("dl", { class: "listing-details" }, rows) : null;
}

/** A part of a page: a section named by its h2. */
export function section(headingKey, ...children) {
  const id = uniqueId("listing-part");
  return h(
    "section",
    { class: "listing-part", "aria-labelledby": id },
    h("h2", { id }, t(headingKey)),
    children,
  );
}
