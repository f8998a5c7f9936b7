// Decisions with a reason, in a confirmation dialog: a member's report, a moderator's
// restoring or removing (on a listing's page and in the reports queue).
import { h } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { confirmButton } from "../neighbourhoods/dialogs.js";
import { listings } from "./api.js";
import { section } from "./cards.js";
import { limit, saying } from "./limits.js";

/** A button opening a dialog that asks a reason, then runs call(reason) and shows `done`. */
export function reasonButton(ctx, { label, heading, text, confirm, call, done, danger, named }) {
  const [button, dialog] = confirmButton(
    label,
    {
      heading,
      text,
      confirm,
      danger,
      reason: {
        label: t("listing.reason"),
        hint: saying("listing.reason_hint", { max: limit("invalid_reason", "max_length") }),
        required: true,
      },
      onConfirm: async (reason) => {
        await call(reason);
        ctx.flash(t(done));
        await ctx.rerender();
      },
    },
    danger ? "button button-danger" : "button button-secondary",
  );
  if (named) button.setAttribute("aria-label", named);
  return [button, dialog];
}

/** Restore (a hidden listing) or remove, named with the listing's title. */
export function decisionButton(ctx, listing, decision) {
  const removing = decision === "remove";
  return reasonButton(ctx, {
    label: t(`listing.${decision}`),
    named: t(`listing.${decision}_named`, { title: listing.title }),
    heading: t(`listing.${decision}_heading`),
    text: removing ? t("listing.remove_text") : null,
    confirm: t(`listing.${decision}`),
    danger: removing,
    call: (reason) => listings.moderate(listing.listing_id, decision, reason),
    done: removing ? "listing.removed" : "listing.restored",
  });
}

/** A moderator's part of a listing's page. */
export function moderatorPart(ctx, listing) {
  return section(
    "listing.moderation",
    h(
      "p",
      {},
      t(listing.hidden ? "listing.hidden_text" : "listing.reports_count", {
        n: listing.reports_count ?? 0,
      }),
    ),
    h(
      "div",
      { class: "actions" },
      listing.hidden ? decisionButton(ctx, listing, "restore") : null,
      decisionButton(ctx, listing, "remove"),
    ),
  );
}
