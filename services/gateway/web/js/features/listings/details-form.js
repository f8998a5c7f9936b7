// The fields of a category's details, built from its description in categories.js: one
// labelled control per field (fieldsets for places, choices and schedules), named as the API
// names the field ("details.<name>") so that its errors land next to it.
import { h, uniqueId } from "../../core/dom.js";
import { field, radioGroup } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { FORMS, SKILL_OPTIONS, WEEKDAY_OPTIONS } from "./categories.js";

const label = (name) => t(`listing.field.${name}`);
const optionalHint = (spec) => (spec.required ? {} : { optional: true });

function checkboxes({ name, legend, options, checked, hint }) {
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

const BUILDERS = {
  short: (spec, values) =>
    field({
      name: `details.${spec.name}`,
      label: label(spec.name),
      required: spec.required,
      ...optionalHint(spec),
      value: values[`details.${spec.name}`] || "",
      autocomplete: "off",
    }),
  notes: (spec, values) =>
    field({
      name: `details.${spec.name}`,
      label: label(spec.name),
      type: "textarea",
      rows: 3,
      required: spec.required,
      ...optionalHint(spec),
      value: values[`details.${spec.name}`] || "",
    }),
  money: (spec, values) =>
    field({
      name: `details.${spec.name}`,
      label: label(spec.name),
      hint: t("listing.money_hint"),
      inputmode: "decimal",
      class: "short",
      required: spec.required,
      ...optionalHint(spec),
      value: values[`details.${spec.name}`] || "",
    }),
  integer: (spec, values) =>
    field({
      name: `details.${spec.name}`,
      label: label(spec.name),
      inputmode: "numeric",
      class: "short",
      required: spec.required,
      value: values[`details.${spec.name}`] || "",
    }),
  datetime: (spec, values) =>
    field({
      name: `details.${spec.name}`,
      label: label(spec.name),
      type: "datetime-local",
      required: spec.required,
      ...optionalHint(spec),
      value: values[`details.${spec.name}`] || "",
    }),
  url: (spec, values) =>
    field({
      name: `details.${spec.name}`,
      label: label(spec.name),
      type: "url",
      hint: t("listing.link_hint"),
      ...optionalHint(spec),
      value: values[`details.${spec.name}`] || "",
    }),
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
    field({
      name: "details.free_tags",
      label: t("listing.field.free_tags"),
      hint: t("listing.free_tags_hint"),
      optional: true,
      value: values["details.free_tags"] || "",
    }),
  ],
  paid: (_spec, values) => {
    const price = field({
      name: "details.price",
      label: label("price"),
      hint: t("listing.money_hint"),
      inputmode: "decimal",
      class: "short",
      value: values["details.price"] || "",
    });
    const box = radioGroup({
      name: "details.paid",
      legend: label("paid"),
      value: values["details.paid"] || "false",
      options: [
        { value: "false", label: t("listing.free") },
        { value: "true", label: t("listing.paid") },
      ],
    });
    box.append(price);
    showWhen(box, "details.paid", "true", price);
    return box;
  },
  point: (spec, values) => {
    const name = `details.${spec.name}`;
    return group(
      name,
      label(spec.name),
      h("p", { class: "hint" }, t("listing.point_hint")),
      field({
        name: `${name}.label`,
        label: t("listing.place_label"),
        value: values[`${name}.label`] || "",
      }),
      field({
        name: `${name}.lat`,
        label: t("hood.lat"),
        inputmode: "decimal",
        class: "degrees",
        required: spec.required,
        value: values[`${name}.lat`] || "",
      }),
      field({
        name: `${name}.lon`,
        label: t("hood.lon"),
        inputmode: "decimal",
        class: "degrees",
        required: spec.required,
        value: values[`${name}.lon`] || "",
      }),
    );
  },
  schedule: (_spec, values) => {
    const departure = field({
      name: "details.departure",
      label: label("departure"),
      type: "datetime-local",
      value: values["details.departure"] || "",
    });
    const weekly = h(
      "div",
      {},
      checkboxes({
        name: "details.weekly.days",
        legend: t("listing.field.days"),
        checked: values["details.weekly.days"] || [],
        options: WEEKDAY_OPTIONS.map((value) => ({ value, label: t(`listing.weekday.${value}`) })),
      }),
      field({
        name: "details.weekly.time",
        label: t("listing.field.time"),
        type: "time",
        class: "short",
        value: values["details.weekly.time"] || "",
      }),
    );
    const box = radioGroup({
      name: "details.schedule",
      legend: label("schedule"),
      value: values["details.schedule"] || "departure",
      options: [
        { value: "departure", label: t("listing.once") },
        { value: "weekly", label: t("listing.weekly") },
      ],
    });
    box.append(departure, weekly);
    showWhen(box, "details.schedule", "departure", departure);
    showWhen(box, "details.schedule", "weekly", weekly);
    return box;
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
