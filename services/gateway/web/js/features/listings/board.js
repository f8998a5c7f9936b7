// "/listings": my neighbourhoods' boards, my listings and responses, the reports I moderate.
// "/neighbourhoods/:id/listings": a neighbourhood's board, newest first, searched by words
// (stemmed and without accents by the server), filtered by kind and category.
import { ApiError } from "../../core/api.js";
import { h, uniqueId } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { listings, myHoods } from "./api.js";
import { card } from "./cards.js";
import { pagedList } from "./more.js";
import { boardFilters, boardQuery, boardSearch } from "./paging.js";
import { CATEGORIES, KINDS } from "./vocabulary.js";

const hoodPath = (id) => `/neighbourhoods/${encodeURIComponent(id)}`;
export const boardPath = (id) => `${hoodPath(id)}/listings`;

function renderHub() {
  const hoods = myHoods();
  const panel = h("section", { class: "panel" }, h("h1", {}, t("listing.hub_title")));
  if (!hoods.length) {
    panel.append(
      h("p", { class: "notice" }, t("listing.no_hood")),
      h("p", {}, h("a", { href: "/neighbourhoods", class: "button" }, t("listing.find_hood"))),
    );
  }
  for (const hood of hoods) {
    const id = uniqueId("hub-hood");
    panel.append(
      h(
        "section",
        { "aria-labelledby": id },
        h("h2", { id }, hood.name),
        h(
          "ul",
          { class: "links" },
          h("li", {}, h("a", { href: boardPath(hood.neighbourhood_id) }, t("listing.board_link"))),
          h(
            "li",
            {},
            h("a", { href: `${boardPath(hood.neighbourhood_id)}/new` }, t("listing.post_link")),
          ),
          hood.moderator
            ? h(
                "li",
                {},
                h(
                  "a",
                  { href: `${hoodPath(hood.neighbourhood_id)}/reports` },
                  t("listing.reports_link"),
                ),
              )
            : null,
        ),
      ),
    );
  }
  panel.append(
    h(
      "ul",
      { class: "links" },
      h("li", {}, h("a", { href: "/me/listings" }, t("listing.mine_title"))),
      h("li", {}, h("a", { href: "/me/responses" }, t("listing.my_responses_title"))),
      h("li", {}, h("a", { href: "/me/bookings" }, t("booking.mine_link"))),
    ),
  );
  return panel;
}

function select({ name, label, options, value }) {
  const id = uniqueId(`f-${name}`);
  return h(
    "div",
    { class: "field", "data-field": name },
    h("label", { for: id }, label),
    h(
      "select",
      { id, name },
      options.map((option) =>
        h("option", { value: option.value, selected: option.value === value }, option.label),
      ),
    ),
  );
}

function searchForm(ctx, id, filters) {
  const q = uniqueId("f-q");
  const form = h(
    "form",
    { role: "search", class: "listing-search", "aria-label": t("listing.search") },
    h(
      "div",
      { class: "field", "data-field": "q" },
      h("label", { for: q }, t("listing.search_words")),
      h("input", { id: q, name: "q", type: "search", value: filters.q, autocomplete: "off" }),
    ),
    select({
      name: "kind",
      label: t("listing.kind_label"),
      value: filters.kind,
      options: [
        { value: "", label: t("listing.all_kinds") },
        ...KINDS.map((kind) => ({ value: kind, label: t(`listing.kind.${kind}`) })),
      ],
    }),
    select({
      name: "category",
      label: t("listing.category_label"),
      value: filters.category,
      options: [
        { value: "", label: t("listing.all_categories") },
        ...CATEGORIES.map((c) => ({ value: c, label: t(`listing.category.${c}`) })),
      ],
    }),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "button" }, t("listing.search_submit")),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const chosen = boardFilters({ get: (name) => data.get(name) });
    ctx.navigate(boardPath(id) + boardSearch(chosen));
  });
  return form;
}

async function renderBoard(ctx) {
  const id = ctx.params.id;
  const hood = myHoods().find((n) => n.neighbourhood_id === id);
  const title = hood ? t("listing.board_of", { name: hood.name }) : t("listing.board_title");
  document.title = `${title} · ${t("app.name")}`;
  const filters = boardFilters(ctx.query);
  const panel = h("section", { class: "panel" }, h("h1", {}, title));
  const searching = Boolean(filters.q || filters.kind || filters.category);
  let results;
  try {
    results = await pagedList({
      load: (cursor) => listings.board(id, boardQuery(filters, cursor)),
      item: (listing) => card(listing, "h3"),
      empty: t(searching ? "listing.none_found" : "listing.none_yet"),
      label: t("listing.results"),
    });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "not_a_member")) throw error;
    panel.append(
      h("p", { class: "notice" }, t("error.not_a_member")),
      h("p", {}, h("a", { href: hoodPath(id) }, t("listing.see_hood"))),
    );
    return panel;
  }
  panel.append(
    h(
      "p",
      { class: "actions" },
      h("a", { href: `${boardPath(id)}/new`, class: "button" }, t("listing.post_link")),
      hood?.moderator
        ? h(
            "a",
            { href: `${hoodPath(id)}/reports`, class: "button button-secondary" },
            t("listing.reports_link"),
          )
        : null,
    ),
    searchForm(ctx, id, filters),
    h("h2", {}, t(searching ? "listing.results_found" : "listing.latest")),
    results,
  );
  return panel;
}

export const hubScreen = {
  path: "/listings",
  title: "listing.hub_title",
  access: "resident",
  nav: { label: "listing.nav", order: 6 },
  render: renderHub,
};

export const boardScreen = {
  path: "/neighbourhoods/:id/listings",
  title: "listing.board_title",
  access: "resident",
  render: renderBoard,
};
