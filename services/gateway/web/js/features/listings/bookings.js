// A loan's or a rental's availability on its page: a month calendar of free, blocked and booked
// days (each a button: choosing a first then a last day fills the request), the request form
// for a member, and for the owner the form that blocks dates and the list of blocked periods.
import { h, uniqueId } from "../../core/dom.js";
import { errorText } from "../../core/errors.js";
import { field, form } from "../../core/forms.js";
import { language, t } from "../../core/i18n.js";
import { formatMoney, myId } from "./api.js";
import { bookings } from "./bookings-api.js";
import { dayState, formatDay, iso, monthOf, pick, shiftMonth, weeks } from "./bookings-days.js";
import { section } from "./cards.js";
import { limit, saying } from "./limits.js";

const BOOKABLE = ["loan", "rental"];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7].map((d) => new Date(Date.UTC(2024, 0, d)));

const locale = () => (language() === "fr" ? "fr-FR" : "en-GB");
const dayLabel = (day) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: "full", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );

/** The month grid: a table whose days are buttons named with their date and state. */
function monthGrid(first, availability, today, picked, onPick) {
  const title = new Intl.DateTimeFormat(locale(), {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${first}T00:00:00Z`));
  const weekday = new Intl.DateTimeFormat(locale(), { weekday: "short", timeZone: "UTC" });
  const inPick = (day) => picked && day >= picked.start && day <= (picked.end || picked.start);
  return h(
    "table",
    { class: "booking-month" },
    h("caption", {}, title),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        WEEKDAYS.map((d) => h("th", { scope: "col" }, weekday.format(d))),
      ),
    ),
    h(
      "tbody",
      {},
      weeks(first).map((week) =>
        h(
          "tr",
          {},
          week.map((day) => {
            if (!day) return h("td", {});
            const state = dayState(day, availability, today);
            const usable = state === "free" || state === "half";
            return h(
              "td",
              {},
              h(
                "button",
                {
                  type: "button",
                  class: `booking-day booking-${state}${inPick(day) ? " booking-picked" : ""}`,
                  "data-day": day,
                  "aria-pressed": inPick(day) ? "true" : "false",
                  "aria-label": `${dayLabel(day)} : ${t(`booking.day.${state}`)}`,
                  disabled: !usable,
                  onclick: () => onPick(day),
                },
                String(Number(day.slice(8))),
              ),
            );
          }),
        ),
      ),
    ),
  );
}

function legend() {
  return h(
    "ul",
    { class: "booking-legend" },
    ["free", "half", "blocked", "booked"].map((state) =>
      h(
        "li",
        {},
        h("span", { class: `booking-swatch booking-${state}` }),
        t(`booking.day.${state}`),
      ),
    ),
  );
}

/** A rental's price for the period being asked, said as the dates change. */
function pricePreview(el, listing) {
  const perDay = listing.details?.price_per_day;
  if (listing.category !== "rental" || perDay == null) return;
  const said = h("p", { class: "hint", role: "status" });
  el.querySelector(".actions").before(said);
  const update = () => {
    const { start, end, starts_afternoon: afternoon, ends_at_noon: noon } = el.elements;
    const days = daysBegun(start.value, end.value, afternoon.checked, noon.checked);
    said.textContent = days ? t("booking.price", { price: formatMoney(days * perDay) }) : "";
  };
  el.addEventListener("input", update);
  el.addEventListener("change", update);
}

function requestForm(ctx, listing) {
  const max = limit("invalid_message", "max_length");
  const el = form({
    label: t("booking.request"),
    submit: t("booking.request"),
    class: "booking-request",
    fields: [
      h("p", { class: "hint" }, t("booking.pick_hint")),
      field({ name: "start", label: t("booking.start"), type: "date", required: true }),
      field({ name: "end", label: t("booking.end"), type: "date", required: true }),
      check("starts_afternoon", t("booking.starts_afternoon")),
      check("ends_at_noon", t("booking.ends_at_noon")),
      field({
        name: "message",
        label: t("booking.message"),
        hint: saying("listing.message_hint", { max }),
        type: "textarea",
        rows: 3,
        maxlength: max,
      }),
    ],
    onSubmit: async (values) => {
      await bookings.request(listing.listing_id, {
        start: values.start,
        end: values.end,
        starts_afternoon: values.starts_afternoon === "on",
        ends_at_noon: values.ends_at_noon === "on",
        message: values.message || null,
      });
      ctx.flash(t("booking.requested"));
      await ctx.rerender();
    },
  });
  pricePreview(el, listing);
  return el;
}

function check(name, label) {
  const id = uniqueId(`f-${name}`);
  return h(
    "div",
    { class: "field field-check", "data-field": name },
    h("input", { type: "checkbox", id, name }),
    h("label", { for: id }, label),
  );
}

function blockPart(ctx, listing, availability) {
  const max = limit("invalid_reason", "max_length");
  const blockForm = form({
    label: t("booking.block"),
    submit: t("booking.block"),
    class: "booking-block",
    fields: [
      field({ name: "start", label: t("booking.start"), type: "date", required: true }),
      field({ name: "end", label: t("booking.end"), type: "date", required: true }),
      field({ name: "reason", label: t("booking.block_reason"), maxlength: max }),
    ],
    onSubmit: async (values) => {
      const body = { start: values.start, end: values.end, reason: values.reason || null };
      await bookings.block(listing.listing_id, body);
      ctx.flash(t("booking.blocked"));
      await ctx.rerender();
    },
  });
  const blocks = (availability.blocked || []).filter((b) => b.block_id);
  return h(
    "div",
    {},
    blocks.length
      ? h(
          "ul",
          { class: "booking-blocks" },
          blocks.map((b) =>
            h(
              "li",
              {},
              t("booking.period", {
                start: formatDay(b.start, locale()),
                end: formatDay(b.end, locale()),
              }),
              b.reason ? ` · ${b.reason}` : "",
              " ",
              h(
                "button",
                {
                  type: "button",
                  class: "button button-secondary",
                  onclick: async () => {
                    await bookings.unblock(listing.listing_id, b.block_id);
                    await ctx.rerender();
                  },
                },
                t("booking.unblock"),
              ),
            ),
          ),
        )
      : null,
    blockForm,
  );
}

function pricePart(listing) {
  if (listing.category !== "rental") return null;
  const { price_per_day: perDay, deposit } = listing.details || {};
  return h(
    "p",
    { class: "listing-meta" },
    perDay != null ? t("booking.per_day", { price: formatMoney(perDay) }) : null,
    deposit != null ? ` · ${t("booking.deposit", { deposit: formatMoney(deposit) })}` : null,
  );
}

/** The availability section of a loan or rental offer; null for any other listing. */
export async function bookingPart(ctx, listing) {
  if (listing.kind !== "offer" || !BOOKABLE.includes(listing.category)) return null;
  const today = iso(new Date());
  const mine = listing.author?.resident_id === myId();
  let month = monthOf(today).first;
  let picked = null;
  const holder = h("div", { class: "booking-calendar" });
  const request = mine || listing.status !== "open" ? null : requestForm(ctx, listing);
  const setDates = () => {
    if (!request || !picked) return;
    request.elements.start.value = picked.start;
    request.elements.end.value = picked.end || picked.start;
    request.dispatchEvent(new Event("change"));
  };
  let availability = { blocked: [], booked: [] };
  const draw = async () => {
    const { last } = monthOf(month);
    try {
      availability = await bookings.availability(listing.listing_id, month, last);
    } catch (error) {
      // The listing stays readable when its calendar cannot be: say so where it would be.
      holder.replaceChildren(h("p", { class: "form-alert", role: "alert" }, errorText(error)));
      return;
    }
    const nav = h(
      "div",
      { class: "actions booking-nav" },
      h(
        "button",
        { type: "button", class: "button button-secondary", onclick: () => go(-1) },
        t("booking.previous"),
      ),
      h(
        "button",
        { type: "button", class: "button button-secondary", onclick: () => go(1) },
        t("booking.next"),
      ),
    );
    holder.replaceChildren(
      nav,
      monthGrid(month, availability, today, picked, (day) => {
        picked = pick(picked, day);
        setDates();
        draw().then(() => holder.querySelector(`[data-day="${day}"]`)?.focus());
      }),
      legend(),
    );
  };
  const go = (n) => {
    month = shiftMonth(month, n);
    draw();
  };
  await draw();
  return section(
    "booking.availability",
    pricePart(listing),
    holder,
    request,
    mine ? blockPart(ctx, listing, availability) : null,
    mine ? h("p", {}, h("a", { href: "/me/bookings" }, t("booking.mine_link"))) : null,
  );
}
