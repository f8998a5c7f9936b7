// "/ops/audit": what the log says, for operators: a stream (its events, or its state as of a
// position or a time and what came after), a resident (every event by or about them; the
// reading is recorded with its reason) or a correlation id (everything one request caused).
import { h } from "../../core/dom.js";
import { field, form } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { ops } from "./api.js";
import { eventList, json, page } from "./pages.js";

/** The result region: its content replaced by each reading, its heading then focused. */
function resultArea() {
  const area = h("div", { class: "ops-result" });
  const show = (title, ...children) => {
    const heading = h("h2", { tabindex: "-1" }, title);
    area.replaceChildren(h("section", { "aria-label": title }, heading, ...children));
    heading.focus();
  };
  return [area, show];
}

/** One kind of reading: a form under its heading, named by it, whose button reads. */
function readingForm(title, fields, read) {
  return form({
    label: t(title),
    submit: t("ops.audit.read"),
    fields: [h("h2", {}, t(title)), ...fields],
    onSubmit: read,
  });
}

function streamForm(show) {
  return readingForm(
    "ops.audit.stream",
    [
      field({ name: "stream", label: t("ops.audit.stream_name"), required: true }),
      field({
        name: "as_of",
        label: t("ops.audit.as_of"),
        hint: t("ops.audit.as_of_hint"),
        optional: true,
      }),
    ],
    async ({ stream, as_of: asOf }) => {
      const found = await ops.stream(stream, asOf);
      if (found.as_of === undefined) {
        show(stream, eventList(t("ops.audit.events"), found.events));
        return;
      }
      show(
        t("ops.audit.state_as_of", { stream, as_of: found.as_of }),
        h("p", {}, t("ops.audit.version", { version: found.version ?? "-" })),
        json(found.state, t("ops.audit.state")),
        eventList(t("ops.audit.after"), found.after),
      );
    },
  );
}

function residentForm(show) {
  return readingForm(
    "ops.audit.resident",
    [
      field({ name: "resident_id", label: t("ops.audit.resident_id"), required: true }),
      field({
        name: "reason",
        type: "textarea",
        label: t("ops.audit.reason"),
        hint: t("ops.audit.reason_hint"),
        required: true,
        rows: 2,
      }),
    ],
    async ({ resident_id: id, reason }) => {
      const found = await ops.resident(id, reason);
      const title = t(found.erased ? "ops.audit.resident_erased" : "ops.audit.resident_of", { id });
      show(title, eventList(t("ops.audit.events"), found.events));
    },
  );
}

function correlationForm(show) {
  return readingForm(
    "ops.audit.correlation",
    [field({ name: "correlation_id", label: t("ops.audit.correlation_id"), required: true })],
    async ({ correlation_id: id }) => {
      const found = await ops.correlation(id);
      show(t("ops.audit.correlation_of", { id }), eventList(t("ops.audit.events"), found.events));
    },
  );
}

function render() {
  const [area, show] = resultArea();
  return page(
    "/ops/audit",
    "ops.audit.title",
    h("p", {}, t("ops.audit.intro")),
    h("div", { class: "ops-forms" }, streamForm(show), residentForm(show), correlationForm(show)),
    area,
  );
}

export default {
  screens: [{ path: "/ops/audit", title: "ops.audit.title", access: "operator", render }],
};
