// "/neighbourhoods/:id/reports": the moderators' queue, the reported listings of their
// neighbourhood (those hidden by reports first, as the server orders them), each with its
// reports' reasons; a moderator restores a hidden one or removes one, with a reason that the
// moderation log keeps.
import { h } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { confirmDialog } from "../neighbourhoods/dialogs.js";
import { formatWhen, listings, myHoods } from "./api.js";
import { card } from "./cards.js";
import { limit } from "./limits.js";
import { pagedList } from "./more.js";

function decide(ctx, listing, decision) {
  const { dialog, open } = confirmDialog({
    heading: t(`listing.${decision}_heading`),
    text: decision === "remove" ? t("listing.remove_text") : null,
    confirm: t(`listing.${decision}`),
    danger: decision === "remove",
    reason: {
      label: t("listing.reason"),
      hint: t("listing.reason_hint", { max: limit("invalid_reason", "max_length") }),
      required: true,
    },
    onConfirm: async (reason) => {
      await listings.moderate(listing.listing_id, decision, reason);
      ctx.flash(t(decision === "remove" ? "listing.removed" : "listing.restored"));
      await ctx.rerender();
    },
  });
  const button = h(
    "button",
    {
      type: "button",
      class: decision === "remove" ? "button button-danger" : "button",
      "aria-label": t(`listing.${decision}_named`, { title: listing.title }),
    },
    t(`listing.${decision}`),
  );
  button.addEventListener("click", () => open(button));
  return [button, dialog];
}

function reportItem(ctx) {
  return (item) => {
    const listing = item.listing || item;
    const reports = item.reports || [];
    return h(
      "div",
      { class: "report-item" },
      card(listing),
      reports.length
        ? h(
            "ul",
            { class: "log", "aria-label": t("listing.reasons") },
            reports.map((report) =>
              h(
                "li",
                {},
                h(
                  "time",
                  { datetime: report.at || report.reported_at },
                  formatWhen(report.at || report.reported_at),
                ),
                " ",
                t("listing.reported_for", { reason: report.reason }),
              ),
            ),
          )
        : null,
      h(
        "div",
        { class: "actions" },
        listing.hidden ? decide(ctx, listing, "restore") : null,
        decide(ctx, listing, "remove"),
      ),
    );
  };
}

async function render(ctx) {
  const id = ctx.params.id;
  const hood = myHoods().find((n) => n.neighbourhood_id === id);
  const title = hood ? t("listing.reports_of", { name: hood.name }) : t("listing.reports_title");
  document.title = `${title} · ${t("app.name")}`;
  return h(
    "section",
    { class: "panel" },
    h("h1", {}, title),
    h("p", {}, t("listing.reports_intro")),
    await pagedList({
      load: (cursor) => listings.reports(id, cursor),
      item: reportItem(ctx),
      idOf: (item) => (item.listing || item).listing_id,
      empty: t("listing.reports_none"),
      label: t("listing.reports_title"),
    }),
  );
}

export const reportsScreen = {
  path: "/neighbourhoods/:id/reports",
  title: "listing.reports_title",
  access: "resident",
  render,
};
