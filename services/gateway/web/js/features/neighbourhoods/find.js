// Neighbourhoods: find them around my home (/neighbourhoods), create one (/neighbourhoods/new),
// see, join and leave one (/neighbourhoods/:id), its members (/neighbourhoods/:id/members) and
// its moderation log (/neighbourhoods/:id/log); the header's switcher opens my neighbourhoods.
import { ApiError } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { field, form } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { boundaryMap } from "../../shared/map.js";
import { outlines, parseDegrees } from "../../shared/polygon.js";
import * as session from "../../core/session.js";
import { formatDistance, hoods, memberCount, myHome, myNeighbourhoods } from "./api.js";
import createScreen from "./create.js";
import { detailScreen, statusBadge } from "./detail.js";
import { logScreen, membersScreen } from "./members.js";

async function renderFind(ctx) {
  const me = session.current();
  const point = pointFrom(ctx.query);
  const verified = me.address?.status === "verified";
  const panel = h(
    "section",
    { class: "panel" },
    h("h1", {}, t(point ? "hood.find_point_title" : "hood.find_title")),
  );
  if (!point && !verified) {
    panel.append(
      h("p", { class: "notice" }, t("hood.not_verified")),
      h("p", {}, h("a", { href: "/me/address", class: "button" }, t("hood.verify_link"))),
      searchForm(ctx),
    );
    return panel;
  }
  let found;
  try {
    found = await hoods.find(point);
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_verified") {
      panel.append(h("p", { class: "notice" }, t("hood.not_verified")), searchForm(ctx));
      return panel;
    }
    throw error;
  }
  const list = [...found].sort(
    (a, b) => Number(b.contains) - Number(a.contains) || a.distance_m - b.distance_m,
  );
  panel.append(h("p", {}, t("hood.find_intro")));
  if (list.length) {
    panel.append(foundList(list, point), foundMap(list, point));
  } else {
    panel.append(h("p", { class: "notice" }, t("hood.none")));
  }
  if (verified) {
    panel.append(
      h(
        "p",
        { class: "actions" },
        h("a", { href: "/neighbourhoods/new", class: "button" }, t("hood.create_link")),
      ),
    );
  }
  if (point && verified) {
    panel.append(h("p", {}, h("a", { href: "/neighbourhoods" }, t("hood.around_home"))));
  }
  panel.append(searchForm(ctx));
  return panel;
}

function pointFrom(query) {
  const lat = parseDegrees(query.get("lat"));
  const lon = parseDegrees(query.get("lon"));
  if (Number.isNaN(lat) || Number.isNaN(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return null;
  }
  return { lat, lon };
}

function foundList(list, point) {
  const mine = new Map(myNeighbourhoods().map((n) => [n.neighbourhood_id, n]));
  return h(
    "ul",
    { class: "hood-list", "aria-label": t("hood.list_label") },
    list.map((hood) =>
      h(
        "li",
        { class: "hood-card", "data-neighbourhood": hood.neighbourhood_id },
        h(
          "h2",
          {},
          h(
            "a",
            { href: `/neighbourhoods/${encodeURIComponent(hood.neighbourhood_id)}` },
            hood.name,
          ),
        ),
        h(
          "p",
          { class: "hood-facts" },
          hood.contains
            ? h(
                "span",
                { class: "badge badge-home" },
                t(point ? "hood.contains_point" : "hood.contains"),
              )
            : h(
                "span",
                {},
                t(point ? "hood.distance_point" : "hood.distance", {
                  distance: formatDistance(hood.distance_m),
                }),
              ),
          h("span", {}, memberCount(hood.member_count)),
          hood.status ? statusBadge(hood.status) : null,
          mine.has(hood.neighbourhood_id)
            ? h("span", { class: "badge" }, t("hood.you_are_member"))
            : null,
        ),
      ),
    ),
  );
}

function foundMap(list, point) {
  const { element, ready } = boundaryMap({
    label: t("hood.map_found"),
    describedBy: "found-map-text",
  });
  const figure = h(
    "figure",
    { class: "map-figure" },
    element,
    h("figcaption", { id: "found-map-text", class: "hint" }, t("hood.map_found_text")),
  );
  ready.then(async (map) => {
    if (!map) return;
    map.setOthers(
      list.flatMap((hood) =>
        outlines(hood.boundary).map((points) => ({ points, name: hood.name })),
      ),
    );
    map.fit();
    // The home comes later (from the resident's own data): framed again with it.
    map.setHome(point || (await myHome()));
    map.fit();
  });
  return figure;
}

function searchForm(ctx) {
  const search = form({
    label: t("hood.search_point"),
    submit: t("hood.search_submit"),
    class: "inline-form",
    fields: [
      field({
        name: "lat",
        label: t("hood.lat"),
        required: true,
        inputmode: "decimal",
        class: "short",
      }),
      field({
        name: "lon",
        label: t("hood.lon"),
        required: true,
        inputmode: "decimal",
        class: "short",
      }),
      h("p", { class: "hint" }, t("hood.degrees_hint")),
    ],
    onSubmit: async (values) => {
      const point = pointFrom(new URLSearchParams(values));
      if (!point)
        throw new ApiError(0, "validation_failed", "", { lat: ["Invalid"], lon: ["Invalid"] });
      await ctx.navigate(`/neighbourhoods?lat=${point.lat}&lon=${point.lon}`);
    },
  });
  return h("details", { class: "more" }, h("summary", {}, t("hood.search_point")), search);
}

/** The header's switcher: my neighbourhoods as links, one of them opens it. */
function switcher(container, { signedIn }) {
  if (!signedIn) return;
  const mine = myNeighbourhoods();
  if (!mine.length) return;
  const here = location.pathname;
  const link = (hood) =>
    h(
      "a",
      {
        href: `/neighbourhoods/${encodeURIComponent(hood.neighbourhood_id)}`,
        "aria-current": here.startsWith(`/neighbourhoods/${hood.neighbourhood_id}`) ? "page" : null,
      },
      hood.name,
    );
  if (mine.length === 1) {
    container.append(
      h("nav", { class: "switcher", "aria-label": t("hood.switcher") }, link(mine[0])),
    );
    return;
  }
  const menu = h(
    "details",
    {},
    h("summary", {}, t("hood.switcher")),
    h(
      "ul",
      {},
      mine.map((hood) => h("li", {}, link(hood))),
    ),
  );
  // As a menu would: Escape closes it and gives focus back to its button.
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !menu.open) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
  container.append(h("nav", { class: "switcher", "aria-label": t("hood.switcher") }, menu));
}

export default {
  screens: [
    {
      path: "/neighbourhoods",
      title: "hood.find_title",
      access: "resident",
      nav: { label: "hood.nav", order: 5 },
      render: renderFind,
    },
    createScreen,
    detailScreen,
    membersScreen,
    logScreen,
  ],
  slots: { "neighbourhood-switcher": switcher },
};
