// "/me/bookings": what I borrow and what is asked of my items, with their states and the
// steps each side may take (accept, decline, cancel with a reason, handed over, returned), and
// my calendar's private address for a calendar application, which I may replace.
import { h } from "../../core/dom.js";
import { errorText } from "../../core/errors.js";
import { language, t } from "../../core/i18n.js";
import * as session from "../../core/session.js";
import { formatMoney } from "./api.js";
import { bookings } from "./bookings-api.js";
import { formatDay } from "./bookings-days.js";
import { listingPath } from "./cards.js";
import { reasonButton } from "./moderation.js";

const locale = () => (language() === "fr" ? "fr-FR" : "en-GB");

function stepButton(ctx, label, call, named) {
  return h(
    "button",
    {
      type: "button",
      class: "button",
      "aria-label": named,
      onclick: async (event) => {
        event.currentTarget.disabled = true;
        try {
          await call();
          await ctx.rerender();
        } catch (error) {
          ctx.flash(errorText(error), "error");
        }
      },
    },
    label,
  );
}

function actions(ctx, b) {
  const owner = b.role === "owner";
  const title = b.title || t("listing.title");
  const named = (key) => `${t(key)} · ${title}`;
  const out = [];
  if (owner && b.status === "requested") {
    out.push(
      stepButton(
        ctx,
        t("booking.accept"),
        () => bookings.accept(b.booking_id),
        named("booking.accept"),
      ),
    );
    out.push(
      stepButton(
        ctx,
        t("booking.decline"),
        () => bookings.decline(b.booking_id),
        named("booking.decline"),
      ),
    );
  }
  if (b.status === "accepted") {
    out.push(
      stepButton(
        ctx,
        t("booking.picked_up"),
        () => bookings.pickedUp(b.booking_id),
        named("booking.picked_up"),
      ),
    );
  }
  if (owner && b.status === "picked_up") {
    out.push(
      stepButton(
        ctx,
        t("booking.returned"),
        () => bookings.returned(b.booking_id),
        named("booking.returned"),
      ),
    );
  }
  if (b.status === "requested" || b.status === "accepted") {
    out.push(
      ...reasonButton(ctx, {
        label: t("booking.cancel"),
        heading: t("booking.cancel"),
        text: t("booking.cancel_reason"),
        confirm: t("booking.cancel"),
        call: (reason) => bookings.cancel(b.booking_id, reason),
        done: "booking.cancelled",
        danger: true,
        named: named("booking.cancel"),
      }),
    );
  }
  return out.length ? h("div", { class: "actions" }, out) : null;
}

function item(ctx, b) {
  return h(
    "article",
    { class: "booking", "data-booking": b.booking_id },
    h("h3", {}, h("a", { href: listingPath(b.listing_id) }, b.title || t("listing.title"))),
    h(
      "p",
      { class: "listing-meta" },
      t("booking.period", { start: formatDay(b.start, locale()), end: formatDay(b.end, locale()) }),
      b.other_name ? ` · ${b.other_name}` : "",
      " · ",
      h("span", { class: `badge booking-status-${b.status}` }, t(`booking.status.${b.status}`)),
      b.overdue ? h("span", { class: "badge badge-closed" }, t("booking.overdue")) : null,
    ),
    b.price != null ? h("p", {}, t("booking.price", { price: formatMoney(b.price) })) : null,
    b.deposit != null
      ? h("p", {}, t("booking.deposit", { deposit: formatMoney(b.deposit) }))
      : null,
    b.message ? h("blockquote", { class: "listing-message" }, b.message) : null,
    b.reason ? h("p", { class: "hint" }, b.reason) : null,
    actions(ctx, b),
  );
}

function list(ctx, heading, items) {
  return h(
    "section",
    { class: "booking-list" },
    h("h2", {}, heading),
    items.length ? items.map((b) => item(ctx, b)) : h("p", {}, t("booking.none")),
  );
}

function calendarPart(ctx) {
  const url = session.current()?.calendar_url;
  if (!url) return null;
  const id = "calendar-url";
  return h(
    "section",
    { class: "booking-feed" },
    h("h2", {}, t("booking.calendar_feed")),
    h("p", { class: "hint", id: `${id}-hint` }, t("booking.calendar_hint")),
    h("label", { for: id }, t("booking.calendar_feed")),
    h("input", { id, type: "text", readonly: true, value: url, "aria-describedby": `${id}-hint` }),
    h(
      "div",
      { class: "actions" },
      stepButton(ctx, t("booking.calendar_renew"), async () => {
        const answer = await bookings.renewCalendar();
        await session.refresh(answer?.position);
      }),
    ),
  );
}

async function render(ctx) {
  const mine = await bookings.mine();
  return h(
    "section",
    { class: "panel" },
    h("h1", {}, t("booking.mine_title")),
    list(ctx, t("booking.as_borrower"), mine.as_borrower || []),
    list(ctx, t("booking.as_owner"), mine.as_owner || []),
    calendarPart(ctx),
  );
}

export const myBookingsScreen = {
  path: "/me/bookings",
  title: "booking.mine_title",
  access: "resident",
  render,
};
