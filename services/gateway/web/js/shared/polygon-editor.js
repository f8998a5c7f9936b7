// The outline as a list of points, one row per corner (latitude, longitude), editable from the
// keyboard and read out by screen readers: each row is a group named "Point n"; adding,
// removing and moving a row is announced, and focus stays where the resident is working.
// The map (when it loads) shows the same points and can move them by dragging.
import { h, uniqueId } from "../core/dom.js";
import { t } from "../core/i18n.js";
import { formatDegrees, readRows } from "./polygon.js";

/**
 * polygonEditor({points, onChange, legend, footer}) -> {element, rows(), points(), readAll(),
 * setPoints(points), movePoint(i, point), addPoint(point), showProblems(problems),
 * firstControl()}. `footer` (an element with an id) goes under the list and describes it.
 * onChange({points, problems}, {settled}) runs after every edit: typing (settled false), leaving
 * an input, adding, removing, moving (settled true).
 */
export function polygonEditor({ points = [], onChange = () => {}, legend, footer }) {
  const id = uniqueId("outline");
  const list = h("ol", { class: "points", id: `${id}-list` });
  const announcer = h("p", { class: "visually-hidden", "aria-live": "polite" });
  const add = h("button", { type: "button", class: "button button-secondary" }, t("poly.add"));
  const element = h(
    "fieldset",
    {
      class: "outline-editor",
      "data-field": "boundary",
      id,
      "aria-describedby": [`${id}-hint`, footer?.id].filter(Boolean).join(" "),
    },
    h("legend", {}, legend || t("poly.legend")),
    h("p", { class: "hint", id: `${id}-hint` }, t("poly.hint")),
    h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
    list,
    h("div", { class: "actions" }, add),
    footer,
    announcer,
  );
  let rows = [];

  const announce = (text) => {
    announcer.textContent = "";
    // A new text node after a tick, so the same message twice is read twice.
    setTimeout(() => {
      announcer.textContent = text;
    }, 50);
  };
  // `settled`: false while a number is being typed (46, 46.6, 46.66...), true once the input
  // is left or a row added, removed, moved: the map follows settled values only.
  const changed = (settled = true) => onChange(readRows(rows), { settled });

  function rowElement(row, index) {
    const n = index + 1;
    const input = (field, label) => {
      const inputId = uniqueId(`${id}-${field}`);
      const control = h("input", {
        id: inputId,
        type: "text",
        inputmode: "decimal",
        autocomplete: "off",
        spellcheck: "false",
        class: "degrees",
        "data-coordinate": field,
        value: row[field],
      });
      control.addEventListener("input", () => {
        row[field] = control.value;
        changed(false);
      });
      control.addEventListener("change", () => changed(true));
      return h("div", { class: "coordinate" }, h("label", { for: inputId }, label), control);
    };
    const button = (text, label, action, disabled = false) =>
      h(
        "button",
        {
          type: "button",
          class: "button-small",
          "aria-label": label,
          disabled,
          onclick: action,
        },
        text,
      );
    return h(
      "li",
      {},
      h(
        "fieldset",
        { class: "point" },
        h("legend", {}, t("poly.point", { n })),
        input("lat", t("poly.lat")),
        input("lon", t("poly.lon")),
        h(
          "div",
          { class: "point-actions" },
          button("↑", t("poly.up", { n }), () => move(index, -1), index === 0),
          button("↓", t("poly.down", { n }), () => move(index, 1), index === rows.length - 1),
          button(t("poly.remove"), t("poly.remove_n", { n }), () => remove(index)),
        ),
      ),
    );
  }

  function draw() {
    list.replaceChildren(...rows.map((row, index) => rowElement(row, index)));
  }

  function focusRow(index, selector) {
    const item = list.children[index];
    (item?.querySelector(selector) || add).focus();
  }

  function move(index, step) {
    const to = index + step;
    if (to < 0 || to >= rows.length) return;
    [rows[index], rows[to]] = [rows[to], rows[index]];
    draw();
    changed();
    // Focus follows the point, on the same arrow while it can still be pressed, else on the
    // other one (a disabled button cannot hold the focus).
    const again = step < 0 ? to > 0 : to < rows.length - 1;
    const arrow = step < 0 === again ? 1 : 2;
    focusRow(to, `.point-actions button:nth-child(${arrow})`);
    announce(t("poly.moved", { from: index + 1, to: to + 1 }));
  }

  function remove(index) {
    rows.splice(index, 1);
    draw();
    changed();
    if (rows.length) focusRow(Math.min(index, rows.length - 1), "input");
    else add.focus();
    announce(t("poly.removed", { n: index + 1, count: rows.length }));
  }

  function addPoint(point, { focus = false } = {}) {
    rows.push(
      point
        ? { lat: formatDegrees(point.lat), lon: formatDegrees(point.lon) }
        : { lat: "", lon: "" },
    );
    draw();
    changed();
    if (focus) focusRow(rows.length - 1, "input");
    announce(t("poly.added", { n: rows.length }));
  }

  add.addEventListener("click", () => addPoint(null, { focus: true }));

  function setPoints(next) {
    rows = next.map((p) => ({ lat: formatDegrees(p.lat), lon: formatDegrees(p.lon) }));
    draw();
    changed();
    announce(t("poly.replaced", { count: rows.length }));
  }

  function movePoint(index, point) {
    if (!rows[index]) return;
    rows[index] = { lat: formatDegrees(point.lat), lon: formatDegrees(point.lon) };
    const item = list.children[index];
    item.querySelector('[data-coordinate="lat"]').value = rows[index].lat;
    item.querySelector('[data-coordinate="lon"]').value = rows[index].lon;
    changed();
    announce(t("poly.dragged", { n: index + 1 }));
  }

  /** Mark the inputs a problem is about (problems from readRows), and clear the others. */
  function showProblems(problems) {
    for (const control of list.querySelectorAll("input")) {
      control.removeAttribute("aria-invalid");
    }
    for (const { index, field } of problems) {
      const control = list.children[index]?.querySelector(`[data-coordinate="${field}"]`);
      control?.setAttribute("aria-invalid", "true");
    }
  }

  /** The first input marked wrong, or the first input, or the add button. */
  function firstControl() {
    return list.querySelector('[aria-invalid="true"]') || list.querySelector("input") || add;
  }

  rows = points.map((p) => ({ lat: formatDegrees(p.lat), lon: formatDegrees(p.lon) }));
  draw();
  return {
    element,
    rows: () => rows.map((row) => ({ ...row })),
    points: () => readRows(rows).points,
    readAll: () => readRows(rows),
    setPoints,
    movePoint,
    addPoint,
    showProblems,
    firstControl,
  };
}
