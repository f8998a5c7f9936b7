// The fields of a category's details, built from its description in categories.js: one
// labelled control per field (fieldsets for places, choices and schedules), named as the API
// names the field ("details.<name>") so that its errors land next to it.
import { h, uniqueId } from "../../core/dom.js";
import { field, radioGroup } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { FORMS, SKILL_OPTIONS, WEEKDAY_OPTIONS } from "./categories.js";

const label = (name) => t(`listing.field.${name}`);

/** A fieldset of checkboxes sharing `name`: options [{value, label}], checked [values]. */
export function checkboxes({ name, legend, options, checked, hint }) {
  const id = uniqueId(`f-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  return h(
    "fieldset",
    { class: "field checks", "data-field": name, id, "aria-describedby": hintId },
    h("legend", {}, legend),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
    options.map((option) => {
      const box = uniqueId(`${id}-${option.value}`);
      return h(
        "div",
        { class: "check" },
        h("input", {
          type: "checkbox",
          id: box,
          name,
          value: option.value,
          checked: checked.includes(option.value),
        }),
        h("label", { for: box }, option.label),
      );
    }),
  );
}

function group(name, legend, ...children) {
  const id = uniqueId(`f-${name}`);
  return h(
    "fieldset",
    { class: "field group", "data-field": name, id },
    h("legend", {}, legend),
    h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
    children,
  );
}

/** Show `part` only while the radio `name` of `box` is `when` (on start and on change). */
function showWhen(box, name, when, part) {
  const sync = () => {
    part.hidden = box.querySelector(`input[name="${name}"]:checked`)?.value !== when;
  };
  box.addEventListener("change", sync);
  sync();
}

// The controls of one value each: how each type is typed in.
const PLAIN = {
  short: { autocomplete: "off" },
  notes: { type: "textarea", rows: 3 },
  money: { hint: "listing.money_hint", inputmode: "decimal", class: "short" },
  integer: { inputmode: "numeric", class: "short" },
  datetime: { type: "datetime-local" },
  url: { type: "url", hint: "listing.link_hint" },
  time: { type: "time", class: "short" },
  degrees: { inputmode: "decimal", class: "degrees" },
  tags: { hint: "listing.free_tags_hint" },
};

/** One labelled control of spec.type, named "details.<name>", filled from values. */
function plain(spec, values, labelText = label(spec.name)) {
  const { hint, ...attrs } = PLAIN[spec.type];
  const name = spec.form || `details.${spec.name}`;
  return field({
    name,
    label: labelText,
    hint: hint ? t(hint) : undefined,
    required: Boolean(spec.required),
    optional: !spec.required && !spec.inside,
    value: values[name] || "",
    ...attrs,
  });
}

/**
 * Radios of `name` between choices [[value, label key, part | null]]: each part is shown
 * while its value is chosen (a price for a paid service, the days of a weekly ride).
 */
function either(name, chosen, choices) {
  const box = radioGroup({
    name: `details.${name}`,
    legend: label(name),
    value: chosen,
    options: choices.map(([value, key]) => ({ value, label: t(key) })),
  });
  for (const [value, , part] of choices) {
    if (!part) continue;
    box.append(part);
    showWhen(box, `details.${name}`, value, part);
  }
  return box;
}

const BUILDERS = {
  short: plain,
  notes: plain,
  money: plain,
  integer: plain,
  datetime: plain,
  url: plain,
  choice: (spec, values) =>
    radioGroup({
      name: `details.${spec.name}`,
      legend: label(spec.name),
      value: values[`details.${spec.name}`] || "",
      options: spec.options.map((value) => ({ value, label: t(`listing.${spec.name}.${value}`) })),
    }),
  skills: (_spec, values) => [
    checkboxes({
      name: "details.tags",
      legend: label("tags"),
      hint: t("listing.tags_hint"),
      checked: values["details.tags"] || [],
      options: SKILL_OPTIONS.map((value) => ({ value, label: t(`listing.skill.${value}`) })),
    }),
    plain({ type: "tags", name: "free_tags" }, values),
  ],
  paid: (_spec, values) =>
    either("paid", values["details.paid"] || "false", [
      ["false", "listing.free", null],
      ["true", "listing.paid", plain({ type: "money", name: "price", inside: true }, values)],
    ]),
  point: (spec, values) => {
    const name = `details.${spec.name}`;
    return group(
      name,
      label(spec.name),
      h("p", { class: "hint" }, t("listing.point_hint")),
      plain({ type: "short", form: `${name}.label` }, values, t("listing.place_label")),
      ["lat", "lon"].map((axis) =>
        plain(
          { type: "degrees", form: `${name}.${axis}`, required: spec.required, inside: true },
          values,
          t(`hood.${axis}`),
        ),
      ),
    );
  },
  schedule: (_spec, values) => {
    const departure = plain({ type: "datetime", name: "departure", inside: true }, values);
    const weekly = h(
      "div",
      {},
      checkboxes({
        name: "details.weekly.days",
        legend: t("listing.field.days"),
        checked: values["details.weekly.days"] || [],
        options: WEEKDAY_OPTIONS.map((value) => ({ value, label: t(`listing.weekday.${value}`) })),
      }),
      plain({ type: "time", form: "details.weekly.time", inside: true }, values, label("time")),
    );
    return either("schedule", values["details.schedule"] || "departure", [
      ["departure", "listing.once", departure],
      ["weekly", "listing.weekly", weekly],
    ]);
  },
};

/** The controls of `category`'s details, filled with `values` (categories.formValues). */
export function detailsFields(category, values = {}) {
  return (FORMS[category] || []).flatMap((spec) => BUILDERS[spec.type](spec, values));
}

/** The form's values by name, a list where several controls share one name (checkboxes). */
export function formMap(el) {
  const out = {};
  const data = new FormData(el);
  for (const name of new Set(data.keys())) {
    const all = data.getAll(name).filter((v) => typeof v === "string");
    out[name] = el.querySelector(`input[type="checkbox"][name="${CSS.escape(name)}"]`)
      ? all
      : (all[0] ?? "").trim();
  }
  return out;
}
