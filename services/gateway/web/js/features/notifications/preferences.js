// "/me/notifications": what I am told, how and when: per kind of notification, in the app and
// by e-mail; e-mails at once, in a daily digest at my hour, or never; quiet hours in my time
// zone (nothing but alerts is e-mailed then).
import { h } from "../../core/dom.js";
import { form, radioGroup, statusMessage } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { limit } from "../../core/limits.js";
import { notifications } from "./api.js";

const FREQUENCIES = ["immediate", "daily", "never"];

function hours(value, first, last) {
  const options = [];
  for (let hour = first; hour <= last; hour += 1) {
    const label = `${String(hour).padStart(2, "0")}:00`;
    options.push(h("option", { value: String(hour), selected: hour === value }, label));
  }
  return options;
}

function kindsTable(types) {
  return h(
    "table",
    { class: "notification-kinds" },
    h("caption", {}, t("notification.kinds")),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, t("notification.kind")),
        h("th", { scope: "col" }, t("notification.in_app")),
        h("th", { scope: "col" }, t("notification.by_email")),
      ),
    ),
    h(
      "tbody",
      {},
      // The server lists every kind a resident chooses about, in its order.
      Object.keys(types).map((kind) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, t(`notification.kind.${kind}`)),
          ["in_app", "email"].map((channel) =>
            h(
              "td",
              {},
              h("input", {
                type: "checkbox",
                name: `${kind}.${channel}`,
                checked: types[kind]?.[channel] !== false,
                "aria-label": `${t(`notification.kind.${kind}`)}: ${t(channel === "email" ? "notification.by_email" : "notification.in_app")}`,
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

function chosen(el, prefs) {
  const types = {};
  for (const kind of Object.keys(prefs.types)) {
    types[kind] = {};
    for (const channel of ["in_app", "email"]) {
      types[kind][channel] = el.querySelector(`input[name="${kind}.${channel}"]`).checked;
    }
  }
  const quiet = el.querySelector('input[name="quiet"]').checked;
  return {
    types,
    email_frequency:
      el.querySelector('input[name="email_frequency"]:checked')?.value || prefs.email_frequency,
    digest_hour: Number(el.querySelector('select[name="digest_hour"]').value),
    quiet_hours: quiet
      ? {
          start: el.querySelector('input[name="quiet_start"]').value,
          end: el.querySelector('input[name="quiet_end"]').value,
        }
      : null,
    time_zone: el.querySelector('select[name="time_zone"]').value,
  };
}

function zones(current) {
  const known =
    typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const all = [...new Set([current, ...known])];
  return all.map((zone) => h("option", { value: zone, selected: zone === current }, zone));
}

async function render() {
  const prefs = await notifications.preferences();
  const quiet = prefs.quiet_hours;
  const status = h("div", { role: "status" });
  const fields = [
    radioGroup({
      name: "email_frequency",
      legend: t("notification.frequency"),
      value: prefs.email_frequency,
      options: FREQUENCIES.map((f) => ({
        value: f,
        label: t(`notification.frequency.${f}`),
        hint: t(`notification.frequency.${f}.hint`),
      })),
    }),
    h(
      "div",
      { class: "field" },
      h("label", { for: "digest-hour" }, t("notification.digest_hour")),
      h(
        "select",
        { id: "digest-hour", name: "digest_hour" },
        hours(
          "digest_hour",
          prefs.digest_hour,
          limit("invalid_digest_hour", "min_hour") ?? 0,
          limit("invalid_digest_hour", "max_hour") ?? 23,
        ),
      ),
    ),
    h(
      "fieldset",
      { class: "field" },
      h("legend", {}, t("notification.quiet_hours")),
      h("p", { class: "hint" }, t("notification.quiet_hours.hint")),
      h(
        "div",
        { class: "checkbox" },
        h("input", { type: "checkbox", id: "quiet", name: "quiet", checked: Boolean(quiet) }),
        h("label", { for: "quiet" }, t("notification.quiet_hours.on")),
      ),
      h("label", { for: "quiet-start" }, t("notification.quiet_start")),
      h("input", {
        type: "time",
        id: "quiet-start",
        name: "quiet_start",
        value: quiet?.start || "22:00",
      }),
      h("label", { for: "quiet-end" }, t("notification.quiet_end")),
      h("input", {
        type: "time",
        id: "quiet-end",
        name: "quiet_end",
        value: quiet?.end || "07:00",
      }),
    ),
    h(
      "div",
      { class: "field", "data-field": "time_zone" },
      h("label", { for: "time-zone" }, t("notification.time_zone")),
      h("p", { class: "field-error", id: "time-zone-error", hidden: true }),
      h("select", { id: "time-zone", name: "time_zone" }, zones(prefs.time_zone)),
    ),
    kindsTable(prefs.types),
  ];
  const el = form({
    label: t("notification.preferences"),
    fields,
    submit: t("notification.save"),
    codeFields: { invalid_quiet_hours: "quiet_hours", invalid_time_zone: "time_zone" },
    onSubmit: async (_values, formEl) => {
      await notifications.choose(chosen(formEl, prefs));
      status.replaceChildren(statusMessage(t("notification.saved")));
    },
  });
  return h("section", { class: "panel" }, h("h1", {}, t("notification.preferences")), status, el);
}

export const preferencesScreen = {
  path: "/me/notifications",
  title: "notification.preferences",
  access: "resident",
  render,
};
