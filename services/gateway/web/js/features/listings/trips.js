// A trip's seats on its page: the next departures with the seats left on each, booking a seat
// (with an optional pickup point), cancelling mine; to the driver, each departure's passengers
// and calling off one date or the whole trip.
import { h } from "../../core/dom.js";
import { field, form, statusMessage } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { formatWhen, listings } from "./api.js";
import { section } from "./cards.js";
import { limit, saying } from "./limits.js";
import { reasonButton } from "./moderation.js";

function bookingForm(ctx, listing, occurrence) {
  const most = Math.min(occurrence.seats_left, limit("invalid_seats", "max_seats"));
  return form({
    label: t("exchange.book_on", { when: formatWhen(occurrence.departs_at) }),
    submit: t("exchange.book"),
    class: "inline-form",
    fields: [
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
      const body = { date: occurrence.date, seats: Number(values.seats) };
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

function occurrenceItem(ctx, listing, occurrence, driver) {
  const when = formatWhen(occurrence.departs_at);
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
  } else if (occurrence.seats_left > 0 && listing.status === "open") {
    parts.push(bookingForm(ctx, listing, occurrence));
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
  const items = trip.occurrences.map((o) => occurrenceItem(ctx, listing, o, driver));
  return section(
    "exchange.seats_heading",
    h("p", {}, t("exchange.seats_offered", { n: trip.seats_offered })),
    items.length
      ? h("ul", { class: "occurrences" }, items)
      : h("p", {}, t("exchange.no_departures")),
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
