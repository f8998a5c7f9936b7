// "/neighbourhoods/:id/reports": the moderators' queue, the reported listings of their
// neighbourhood (those hidden by reports first, as the server orders them), each with its
// reports' reasons; a moderator restores a hidden one or removes one, with a reason that the
// moderation log keeps.
import { h } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { formatWhen, listings, myHoods } from "./api.js";
import { card } from "./cards.js";
import { decisionButton } from "./moderation.js";
import { pagedList } from "./more.js";

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
        listing.hidden ? decisionButton(ctx, listing, "restore") : null,
        decisionButton(ctx, listing, "remove"),
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
