// "/connections": the residents I am in touch with. "/connections/:id": what the other side
// discloses, our conversation, and ending it, thanking them or blocking them.
import { h } from "../../core/dom.js";
import { field, form } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { limit } from "../../core/limits.js";
import { confirmButton } from "../neighbourhoods/dialogs.js";
import { connectionPath, connections, formatWhen, residentPath } from "./connections-api.js";
import { conversation, whileShown } from "./conversation.js";

const nameOf = (other) => other.display_name || t("connection.erased");

function status(connection) {
  const key = connection.blocked ? "blocked" : connection.status;
  return h(
    "span",
    { class: `badge badge-${key === "open" ? "open" : "closed"}` },
    t(`connection.${key}`),
  );
}

function item(connection) {
  return h(
    "li",
    { class: "connection-item" },
    h(
      "h2",
      {},
      h("a", { href: connectionPath(connection.connection_id) }, nameOf(connection.other)),
    ),
    h(
      "p",
      { class: "listing-meta" },
      status(connection),
      " ",
      t("connection.since", { when: formatWhen(connection.made_at) }),
    ),
  );
}

async function renderList() {
  const found = await connections.list();
  return h(
    "section",
    { class: "panel" },
    h("h1", {}, t("connection.list_title")),
    found.length
      ? h("ul", { class: "connections", "aria-label": t("connection.list_title") }, found.map(item))
      : h("p", { class: "notice" }, t("connection.none")),
    h("p", {}, h("a", { href: "/me/blocks" }, t("blocks.title"))),
  );
}

function row(label, value) {
  return value ? [h("dt", {}, label), h("dd", {}, value)] : [];
}

function details(other) {
  if (other.erased) return h("p", { class: "notice" }, t("connection.erased"));
  const address = other.address;
  const said = [
    ...row(
      t("connection.name"),
      h("a", { href: residentPath(other.resident_id) }, other.display_name),
    ),
    ...row(
      t("connection.phone"),
      other.phone && h("a", { href: `tel:${other.phone.replace(/\s+/g, "")}` }, other.phone),
    ),
    ...row(
      t("connection.email"),
      other.email && h("a", { href: `mailto:${other.email}` }, other.email),
    ),
    ...row(
      t("connection.address"),
      address?.line ? `${address.line}, ${address.postcode} ${address.city}` : null,
    ),
    ...row(t("connection.street"), address?.street ? `${address.street}, ${address.city}` : null),
  ];
  return h(
    "section",
    { "aria-labelledby": "details-heading" },
    h("h2", { id: "details-heading" }, t("connection.details")),
    h("dl", { class: "facts" }, said),
    other.phone || other.email || address ? null : h("p", {}, t("connection.nothing_shared")),
  );
}

function thanksPart(ctx, connection) {
  if (connection.blocked) return null;
  if (connection.thanked) return h("p", { class: "notice" }, t("connection.already_thanked"));
  // A block ended it: never thanked, even once the block is lifted (decision 0075).
  if (connection.ended_by_block) return h("p", { class: "notice" }, t("connection.ended_by_block"));
  const max = limit("invalid_thanks", "max_length");
  return form({
    label: t("connection.thank"),
    submit: t("connection.thanks_send"),
    fields: [
      field({
        name: "text",
        label: t("connection.thanks_text"),
        hint: max ? t("connection.thanks_hint", { max }) : null,
        type: "textarea",
        rows: 2,
        required: true,
        maxlength: max,
      }),
    ],
    onSubmit: async (values) => {
      await connections.thank(connection.connection_id, values.text);
      ctx.flash(t("connection.thanked"));
      await ctx.rerender();
    },
  });
}

function actions(ctx, connection) {
  const other = connection.other;
  const buttons = [];
  if (connection.status === "open" && !connection.blocked) {
    buttons.push(
      confirmButton(
        t("connection.end"),
        {
          heading: t("connection.end_heading"),
          text: t("connection.end_text"),
          confirm: t("connection.end_confirm"),
          reason: { label: t("connection.end_reason"), required: false },
          onConfirm: async (reason) => {
            await connections.end(connection.connection_id, reason);
            ctx.flash(t("connection.ended_done"));
            await ctx.rerender();
          },
        },
        "button button-secondary",
      ),
    );
  }
  if (!connection.blocked && !other.erased) {
    buttons.push(
      confirmButton(t("connection.block", { name: nameOf(other) }), {
        heading: t("connection.block_heading"),
        text: t("connection.block_text"),
        confirm: t("connection.block_confirm"),
        onConfirm: async () => {
          await connections.block(other.resident_id);
          ctx.flash(t("connection.blocked_done"));
          await ctx.rerender();
        },
      }),
    );
  }
  return h("div", { class: "actions" }, buttons);
}

async function renderOne(ctx) {
  const connection = await connections.get(ctx.params.id);
  const name = nameOf(connection.other);
  document.title = `${t("connection.with", { name })} · ${t("app.name")}`;
  const talk = conversation(connection);
  await talk.refresh();
  const panel = h(
    "article",
    { class: "panel connection" },
    h("h1", {}, t("connection.with", { name })),
    h(
      "p",
      { class: "listing-meta" },
      status(connection),
      " ",
      t(connection.source === "match" ? "connection.from_match" : "connection.from_listing"),
      connection.listing_id
        ? [
            " · ",
            h(
              "a",
              { href: `/listings/${encodeURIComponent(connection.listing_id)}` },
              t("connection.see_listing"),
            ),
          ]
        : null,
      connection.ended_at
        ? ` · ${t("connection.ended_on", { when: formatWhen(connection.ended_at) })}`
        : null,
    ),
    details(connection.other),
    talk.element,
    thanksPart(ctx, connection),
    actions(ctx, connection),
  );
  if (connection.status === "open" && !connection.blocked) whileShown(panel, talk.refresh);
  return panel;
}

export const connectionsScreen = {
  path: "/connections",
  title: "connection.list_title",
  access: "resident",
  nav: { label: "connection.nav", order: 40 },
  render: renderList,
};

export const connectionScreen = {
  path: "/connections/:id",
  title: "connection.title",
  access: "resident",
  render: renderOne,
};
