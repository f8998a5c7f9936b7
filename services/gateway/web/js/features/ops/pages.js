// What every operators' page shares: its frame (a heading and the links to the other pages)
// and how one event of the log reads.
import { h } from "../../core/dom.js";
import { formatDateTime, t } from "../../core/i18n.js";

export const PAGES = [
  ["/ops", "ops.status.title"],
  ["/ops/audit", "ops.audit.title"],
  ["/ops/proofs", "ops.proofs.title"],
];

/** A page of the operators' section: its h1, the section's own links, then `children`. */
export function page(path, title, ...children) {
  return h(
    "section",
    { class: "panel ops" },
    h("h1", {}, t(title)),
    h(
      "nav",
      { class: "ops-nav", "aria-label": t("ops.nav") },
      h(
        "ul",
        {},
        PAGES.map(([href, label]) =>
          h("li", {}, h("a", { href, "aria-current": href === path ? "page" : null }, t(label))),
        ),
      ),
    ),
    ...children,
  );
}

/** JSON as an operator reads it: indented, wrapped on a narrow screen. */
export function json(value, label) {
  return h("pre", { class: "ops-json", "aria-label": label }, JSON.stringify(value, null, 2));
}

function fact(label, value) {
  return value === null || value === undefined || value === ""
    ? null
    : [h("dt", {}, t(label)), h("dd", {}, String(value))];
}

/** One recorded event: its type, who, when, where, why, and its data. */
export function eventItem(entry) {
  return h(
    "li",
    { class: "ops-event" },
    h("h3", {}, entry.type),
    h(
      "dl",
      { class: "ops-facts" },
      fact("ops.event.position", entry.position),
      h("dt", {}, t("ops.event.recorded_at")),
      h("dd", {}, h("time", { datetime: entry.recorded_at }, formatDateTime(entry.recorded_at))),
      fact("ops.event.stream", `${entry.stream} · v${entry.version}`),
      fact("ops.event.actor", entry.actor),
      fact("ops.event.correlation", entry.correlation_id),
      fact("ops.event.causation", entry.causation_id),
      entry.erased_fields?.length ? fact("ops.event.erased", entry.erased_fields.join(", ")) : null,
    ),
    json(entry.data, t("ops.event.data")),
  );
}

/** A list of events under its heading, or a sentence saying there is none. */
export function eventList(title, entries) {
  return h(
    "section",
    { class: "ops-events" },
    h("h2", {}, title),
    entries.length
      ? h("ol", { class: "ops-event-list" }, entries.map(eventItem))
      : h("p", {}, t("ops.events.none")),
  );
}
