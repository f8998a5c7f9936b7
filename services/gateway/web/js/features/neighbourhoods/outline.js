// A neighbourhood's outline on its page: the map, and the same points as a table.
import { h } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { boundaryMap } from "../../shared/map.js";
import { formatDegrees } from "../../shared/polygon.js";
import { myHome } from "./api.js";

/** The neighbourhood's outline on a map, with the resident's home. */
export function mapPart(shapes) {
  const { element, ready } = boundaryMap({
    label: t("hood.map_detail"),
    describedBy: "detail-map-text",
  });
  ready.then(async (map) => {
    if (!map) return;
    map.setParts(shapes);
    map.fit();
    map.setHome(await myHome());
    map.fit();
  });
  return h(
    "figure",
    { class: "map-figure" },
    element,
    h("figcaption", { id: "detail-map-text", class: "hint" }, t("hood.map_detail_text")),
  );
}

/** The outline as text: what the map shows, for whoever does not see it. */
export function pointsTable(shapes) {
  return h(
    "details",
    { class: "more" },
    h("summary", {}, t("hood.outline_points")),
    shapes.map((points) =>
      h(
        "table",
        { class: "points-table" },
        h("caption", {}, t("hood.outline_caption")),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, t("hood.point_col")),
            h("th", { scope: "col" }, t("hood.lat")),
            h("th", { scope: "col" }, t("hood.lon")),
          ),
        ),
        h(
          "tbody",
          {},
          points.map((point, index) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, String(index + 1)),
              h("td", {}, formatDegrees(point.lat)),
              h("td", {}, formatDegrees(point.lon)),
            ),
          ),
        ),
      ),
    ),
  );
}
