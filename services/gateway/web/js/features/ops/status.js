// "/ops": where the platform stands, for operators: the log's head, the relay's checkpoint and
// every read model's position, those stuck first in words.
import { h } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { ops } from "./api.js";
import { page } from "./pages.js";

function state(row) {
  if (row.stuck_event_id)
    return t("ops.status.stuck", { event: row.stuck_event_id, n: row.attempts });
  return t(row.caught_up ? "ops.status.caught_up" : "ops.status.behind");
}

function checkpoints(title, rows) {
  return h(
    "section",
    { class: "ops-checkpoints" },
    h("h2", {}, title),
    rows.length
      ? h(
          "ul",
          { class: "ops-rows" },
          rows.map((row) =>
            h(
              "li",
              { class: row.stuck_event_id ? "ops-row ops-stuck" : "ops-row" },
              h("strong", {}, row.database ? `${row.database} · ${row.name}` : row.name),
              " ",
              h("span", {}, state(row)),
              h(
                "p",
                { class: "hint" },
                t("ops.status.position", {
                  position: row.position ?? "-",
                  applied: row.applied,
                  generation: row.generation,
                }),
              ),
            ),
          ),
        )
      : h("p", {}, t("ops.status.none")),
  );
}

async function render() {
  const found = await ops.status();
  return page(
    "/ops",
    "ops.status.title",
    h("p", {}, t("ops.status.head", { head: found.log.head ?? t("ops.status.empty") })),
    checkpoints(t("ops.status.relay"), found.relay),
    checkpoints(t("ops.status.subscribers"), found.subscribers),
  );
}

export default {
  screens: [
    {
      path: "/ops",
      title: "ops.status.title",
      access: "operator",
      nav: { label: "ops.nav", order: 90 },
      render,
    },
  ],
};
