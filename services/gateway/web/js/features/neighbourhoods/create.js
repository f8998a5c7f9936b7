// "/neighbourhoods/new": found a neighbourhood by drawing its outline, on a blank map (clicks,
// dragged corners) or as a list of points typed in (the keyboard's and screen readers' way).
import { ApiError } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { field, fieldError, form } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { limit } from "../../core/limits.js";
import { boundaryMap } from "../../shared/map.js";
import {
  areaKm2,
  contains,
  outlineProblem,
  outlines,
  squareAround,
  toGeoJSON,
} from "../../shared/polygon.js";
import { polygonEditor } from "../../shared/polygon-editor.js";
import * as session from "../../core/session.js";
import { formatArea, hoodErrorText, hoods, myHome, refreshMe } from "./api.js";

// Refusals about the outline are shown next to it.
const BOUNDARY_CODES = [
  "invalid_boundary",
  "boundary_too_small",
  "boundary_too_large",
  "home_outside_boundary",
];

async function render(ctx) {
  const me = session.current();
  const panel = h("section", { class: "panel" }, h("h1", {}, t("hood.create_title")));
  if (me.address?.status !== "verified") {
    panel.append(
      h("p", { class: "notice" }, t("hood.not_verified")),
      h("p", {}, h("a", { href: "/me/address", class: "button" }, t("hood.verify_link"))),
    );
    return panel;
  }
  const summary = h("p", { class: "outline-summary", id: "outline-summary" });
  const { element: mapElement, ready } = boundaryMap({
    label: t("hood.map_create"),
    describedBy: "create-map-text",
  });
  let map = null;
  let home = null;

  const editor = polygonEditor({
    footer: summary,
    onChange: ({ points, problems }, { settled }) => {
      describe(points);
      if (!settled) return;
      editor.showProblems(problems);
      if (!problems.length && !outlineText(points)) clearBoundaryError();
      map?.setOutline(points, { onMove: (index, point) => editor.movePoint(index, point) });
      map?.keepInView();
    },
  });

  function describe(points) {
    const parts = [];
    if (points.length < 3) parts.push(t("hood.summary_short", { count: points.length }));
    else parts.push(t("hood.summary", { count: points.length, area: formatArea(areaKm2(points)) }));
    const problem = points.length >= 3 ? outlineText(points) : null;
    if (problem) parts.push(problem);
    else if (home && points.length >= 3) {
      parts.push(t(contains(points, home) ? "hood.home_inside" : "hood.home_outside"));
    }
    summary.textContent = parts.join(" ");
  }

  const squareButton = h(
    "button",
    { type: "button", class: "button button-secondary", hidden: true },
    t("hood.start_square"),
  );
  squareButton.addEventListener("click", () => {
    if (home) editor.setPoints(squareAround(home, 400));
    editor.firstControl().focus();
  });

  const creation = form({
    label: t("hood.create_title"),
    submit: t("hood.create_submit"),
    fields: [
      field({
        name: "name",
        label: t("hood.name"),
        hint: t("hood.name_hint"),
        required: true,
        maxlength: limit("invalid_name", "max_length"),
        autocomplete: "off",
      }),
      field({
        name: "description",
        label: t("hood.description"),
        hint: t("hood.description_hint"),
        type: "textarea",
        optional: true,
        maxlength: limit("invalid_description", "max_length"),
        rows: 3,
      }),
      h(
        "figure",
        { class: "map-figure" },
        mapElement,
        h("figcaption", { id: "create-map-text", class: "hint" }, t("hood.map_create_text")),
      ),
      h("div", { class: "actions" }, squareButton),
      editor.element,
    ],
    codeFields: { invalid_name: "name", invalid_description: "description" },
    onSubmit: async (values, el) => {
      const { points, problems } = editor.readAll();
      editor.showProblems(problems);
      const local = problems.length ? pointProblem(problems[0]) : outlineText(points);
      if (local) {
        boundaryError(el, local);
        return;
      }
      let answer;
      try {
        answer = await hoods.create({
          name: values.name,
          description: values.description || "",
          boundary: toGeoJSON(points),
        });
      } catch (error) {
        if (!(error instanceof ApiError && BOUNDARY_CODES.includes(error.code))) throw error;
        boundaryError(el, hoodErrorText(error));
        return;
      }
      await refreshMe();
      ctx.flash(t("hood.created"));
      await ctx.navigate(`/neighbourhoods/${encodeURIComponent(answer.neighbourhood_id)}`);
    },
  });

  /** Once the outline reads well again, its earlier error goes. */
  function clearBoundaryError() {
    const error = editor.element.querySelector(":scope > .field-error");
    if (error.hidden) return;
    error.hidden = true;
    error.textContent = "";
    editor.element.removeAttribute("aria-invalid");
    const described = editor.element.getAttribute("aria-describedby") || "";
    const rest = described.split(" ").filter((ref) => ref && ref !== error.id);
    editor.element.setAttribute("aria-describedby", rest.join(" "));
    const alert = creation.querySelector(".form-alert");
    if (alert.textContent === error.dataset.text) alert.replaceChildren();
  }

  /** A problem with the outline: next to it, summed up in the form's alert, focus on it. */
  function boundaryError(el, text) {
    fieldError(el, "boundary", text);
    editor.element.querySelector(":scope > .field-error").dataset.text = text;
    el.querySelector(".form-alert").textContent = text;
    editor.firstControl().focus();
  }

  panel.append(h("p", {}, t("hood.create_intro")), creation);

  Promise.all([ready, myHome()]).then(async ([shown, point]) => {
    home = point;
    squareButton.hidden = !home;
    map = shown;
    if (map) {
      map.setHome(home);
      map.onClick((at) => editor.addPoint(at));
      map.setOutline(editor.points(), { onMove: (index, at) => editor.movePoint(index, at) });
      map.setOthers(await neighbours(home));
      map.fit();
    }
    describe(editor.points());
  });
  return panel;
}

/** Neighbourhoods around my home, dashed on the map so as not to draw over them. */
async function neighbours(home) {
  if (!home) return [];
  try {
    const found = await hoods.find();
    return found.flatMap((hood) =>
      outlines(hood.boundary).map((points) => ({ points, name: hood.name })),
    );
  } catch {
    return [];
  }
}

function pointProblem({ index, field: which, code }) {
  return t(`hood.point_problem.${code}`, { n: index + 1, field: t(`hood.field.${which}`) });
}

function outlineText(points) {
  const problem = outlineProblem(points, {
    maxPoints: limit("invalid_boundary", "max_vertices"),
    minAreaKm2: limit("boundary_too_small", "min_area_km2"),
    maxAreaKm2: limit("boundary_too_large", "max_area_km2"),
  });
  return problem ? t(`hood.outline.${problem}`) : null;
}

export default {
  path: "/neighbourhoods/new",
  title: "hood.create_title",
  access: "resident",
  render,
};
