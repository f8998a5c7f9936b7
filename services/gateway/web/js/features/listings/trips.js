// A trip's seats on its page: the next departures with the seats left on each, booking a seat
// (with an optional pickup point), cancelling mine; to the driver, each departure's passengers
// and calling off one date or the whole trip.
import { h, uniqueId } from "../../core/dom.js";
import { field, form, statusMessage } from "../../core/forms.js";
import { language, t } from "../../core/i18n.js";
import { listings } from "./api.js";
import { section } from "./cards.js";
import { limit, saying } from "./limits.js";
import { reasonButton } from "./moderation.js";

/** When a departure leaves, in the trip's own time zone (a weekly commute's), else as written. */
export function departureText(occurrence, timeZone, lang) {
  const moment = new Date(occurrence.departs_at);
  const offset = /([+-]\d\d:\d\d|Z)$/.exec(occurrence.departs_at)?.[1];
  const zone = timeZone || (offset === "Z" || !offset ? "UTC" : undefined);
  const options = { dateStyle: "full", timeStyle: "short" };
  if (zone) return new Intl.DateTimeFormat(lang, { ...options, timeZone: zone }).format(moment);
  // A one-off trip's offset: shift to it, then read the wall clock as UTC.
  const [sign, hours, minutes] = [offset[0], Number(offset.slice(1, 3)), Number(offset.slice(4))];
  const shifted = new Date(
    moment.getTime() + (sign === "-" ? -1 : 1) * (hours * 60 + minutes) * 60000,
  );
  return new Intl.DateTimeFormat(lang, { ...options, timeZone: "UTC" }).format(shifted);
}

function bookingForm(ctx, listing, bookable, when) {
  const most = limit("invalid_seats", "max_seats");
  const choices = bookable.map((o) =>
    h("option", { value: o.date }, `${when(o)} · ${t("exchange.seats_left", { n: o.seats_left })}`),
  );
  const dateId = uniqueId("f-date");
  return form({
    label: t("exchange.book_heading"),
    submit: t("exchange.book"),
    fields: [
      h(
        "div",
        { class: "field", "data-field": "date" },
        h("label", { for: dateId }, t("exchange.departure")),
        h("p", { class: "field-error", id: `${dateId}-error`, hidden: true }),
        h("select", { id: dateId, name: "date", required: true }, choices),
      ),
      field({
        name: "seats",
        label: t("exchange.seats"),
        type: "number",
        min: 1,
        max: most,
        value: "1",
        required: true,
      }),
      field({
        name: "pickup",
        label: t("exchange.pickup"),
        hint: saying("exchange.pickup_hint", { max: limit("invalid_pickup", "max_length") }),
        optional: true,
        maxlength: limit("invalid_pickup", "max_length"),
      }),
    ],
    onSubmit: async (values) => {
      const body = { date: values.date, seats: Number(values.seats) };
      if (values.pickup) body.pickup = values.pickup;
      await listings.bookSeat(listing.listing_id, body);
      ctx.flash(t("exchange.booked"));
      await ctx.rerender();
    },
  });
}

function passengersList(occurrence) {
  if (!occurrence.passengers?.length) return h("p", {}, t("exchange.no_passengers"));
  return h(
    "ul",
    { class: "passengers" },
    occurrence.passengers.map((p) =>
      h(
        "li",
        {},
        t("exchange.passenger", { name: p.display_name || t("listing.someone"), n: p.seats }),
        p.pickup ? ` · ${t("exchange.picked_up_at", { where: p.pickup })}` : "",
      ),
    ),
  );
}

function occurrenceItem(ctx, listing, occurrence, driver, when) {
  const parts = [h("p", {}, h("strong", {}, when))];
  if (occurrence.cancelled) {
    parts.push(statusMessage(t("exchange.date_cancelled"), "warning"));
    return h("li", { class: "occurrence" }, parts);
  }
  parts.push(h("p", {}, t("exchange.seats_left", { n: occurrence.seats_left })));
  if (driver) {
    parts.push(
      passengersList(occurrence),
      h(
        "div",
        { class: "actions" },
        reasonButton(ctx, {
          label: t("exchange.cancel_date"),
          named: t("exchange.cancel_date_named", { when }),
          heading: t("exchange.cancel_date_heading", { when }),
          text: t("exchange.cancel_date_text"),
          confirm: t("exchange.cancel_date"),
          call: (reason) =>
            listings.cancelOccurrence(listing.listing_id, { date: occurrence.date, reason }),
          done: "exchange.date_cancelled_done",
          danger: true,
        }),
      ),
    );
  } else if (occurrence.my_seat) {
    parts.push(
      statusMessage(t("exchange.my_seat", { n: occurrence.my_seat.seats })),
      h(
        "div",
        { class: "actions" },
        reasonButton(ctx, {
          label: t("exchange.cancel_seat"),
          named: t("exchange.cancel_seat_named", { when }),
          heading: t("exchange.cancel_seat_heading", { when }),
          text: t("exchange.cancel_seat_text"),
          confirm: t("exchange.cancel_seat"),
          call: (reason) => listings.cancelSeat(occurrence.my_seat.seat_id, reason),
          done: "exchange.seat_cancelled",
          danger: false,
        }),
      ),
    );
  }
  return h("li", { class: "occurrence" }, parts);
}

/** The trip's seats, or null when the listing is no trip. */
export function seatsPart(ctx, listing, driver) {
  const trip = listing.exchange?.trip;
  if (!trip) return null;
  if (trip.cancelled) {
    return section(
      "exchange.seats_heading",
      statusMessage(t("exchange.trip_cancelled"), "warning"),
    );
  }
  const when = (o) => departureText(o, trip.time_zone, language() === "fr" ? "fr-FR" : "en-GB");
  const items = trip.occurrences.map((o) => occurrenceItem(ctx, listing, o, driver, when(o)));
  const bookable = trip.occurrences.filter((o) => !o.cancelled && !o.my_seat && o.seats_left > 0);
  const booking =
    !driver && bookable.length && listing.status === "open"
      ? bookingForm(ctx, listing, bookable, when)
      : null;
  return section(
    "exchange.seats_heading",
    h("p", {}, t("exchange.seats_offered", { n: trip.seats_offered })),
    items.length
      ? h("ul", { class: "occurrences" }, items)
      : h("p", {}, t("exchange.no_departures")),
    booking,
    driver
      ? h(
          "div",
          { class: "actions" },
          reasonButton(ctx, {
            label: t("exchange.cancel_trip"),
            heading: t("exchange.cancel_trip"),
            text: t("exchange.cancel_trip_text"),
            confirm: t("exchange.cancel_trip"),
            call: (reason) => listings.cancelTrip(listing.listing_id, reason),
            done: "exchange.trip_cancelled_done",
            danger: true,
          }),
        )
      : null,
  );
}
