// A group purchase on its page: its progress (pledged / minimum) and state, the time left until
// its deadline, my pledge (made, changed, withdrawn; the organiser may take part too); to the
// organiser, every member's pledge.
import { h, uniqueId } from "../../core/dom.js";
import { field, form, statusMessage } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { formatWhen, listings } from "./api.js";
import { section } from "./cards.js";
import { limit } from "./limits.js";

/** "3 days", "5 hours", "12 minutes" left until `iso`, or null once it has passed. */
export function timeLeft(iso, now = Date.now()) {
  const minutes = Math.floor((new Date(iso).getTime() - now) / 60000);
  if (!(minutes >= 0)) return null;
  if (minutes >= 48 * 60) return { unit: "days", n: Math.floor(minutes / (24 * 60)) };
  if (minutes >= 120) return { unit: "hours", n: Math.floor(minutes / 60) };
  return { unit: "minutes", n: minutes };
}

function progress(purchase) {
  const id = uniqueId("purchase-progress");
  const said = t("exchange.pledged_of", {
    total: purchase.total,
    minimum: purchase.minimum_quantity,
  });
  return h(
    "div",
    { class: "purchase-progress" },
    h("label", { for: id }, said),
    h(
      "progress",
      {
        id,
        max: purchase.minimum_quantity,
        value: Math.min(purchase.total, purchase.minimum_quantity),
      },
      said,
    ),
  );
}

function pledgeForm(ctx, listing, purchase) {
  const mine = purchase.my_quantity;
  return form({
    label: t("exchange.pledge"),
    submit: mine ? t("exchange.pledge_change") : t("exchange.pledge_submit"),
    fields: [
      field({
        name: "quantity",
        label: t("exchange.quantity", { unit: listing.details?.unit || "" }),
        type: "number",
        min: purchase.state === "confirmed" && mine ? mine : 1,
        max: limit("invalid_quantity", "max_quantity"),
        value: String(mine || 1),
        required: true,
      }),
    ],
    onSubmit: async (values) => {
      await listings.pledge(listing.listing_id, Number(values.quantity));
      ctx.flash(t("exchange.pledged"));
      await ctx.rerender();
    },
  });
}

function withdrawButton(ctx, listing) {
  const button = h(
    "button",
    { type: "button", class: "button button-secondary" },
    t("exchange.withdraw"),
  );
  button.addEventListener("click", async () => {
    button.disabled = true;
    await listings.withdrawPledge(listing.listing_id);
    ctx.flash(t("exchange.withdrawn"));
    await ctx.rerender();
  });
  return button;
}

/** The purchase's part, or null when the listing is no group purchase. */
export function purchasePart(ctx, listing, organiser) {
  const purchase = listing.exchange?.purchase;
  if (!purchase) return null;
  const left = timeLeft(purchase.deadline);
  const open = purchase.state !== "lapsed" && left !== null && listing.status === "open";
  const parts = [
    progress(purchase),
    h("p", {}, t(`exchange.state.${purchase.state}`)),
    h(
      "p",
      {},
      h("time", { datetime: purchase.deadline }, formatWhen(purchase.deadline)),
      left ? ` · ${t(`exchange.left.${left.unit}`, { n: left.n })}` : "",
    ),
  ];
  if (purchase.my_quantity) {
    parts.push(statusMessage(t("exchange.my_pledge", { n: purchase.my_quantity })));
  }
  if (open) {
    parts.push(pledgeForm(ctx, listing, purchase));
    if (purchase.my_quantity && purchase.state === "open") parts.push(withdrawButton(ctx, listing));
  }
  if (organiser && purchase.pledges) {
    parts.push(
      purchase.pledges.length
        ? h(
            "table",
            { class: "pledges" },
            h("caption", {}, t("exchange.pledges")),
            h(
              "tr",
              {},
              h("th", { scope: "col" }, t("exchange.member")),
              h("th", { scope: "col" }, t("exchange.quantity_short")),
            ),
            purchase.pledges.map((p) =>
              h(
                "tr",
                {},
                h("td", {}, p.display_name || t("listing.someone")),
                h("td", {}, String(p.quantity)),
              ),
            ),
          )
        : h("p", {}, t("exchange.no_pledges")),
    );
  }
  return section("exchange.purchase_heading", parts);
}
