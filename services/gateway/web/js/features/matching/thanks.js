// "/residents/:id": a neighbour's profile as the members of a shared neighbourhood see it: the
// thanks they received, and blocking or unblocking them. "/me/blocks": whom I block.
import { h } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { confirmButton } from "../neighbourhoods/dialogs.js";
import { connections, formatWhen, myId, residentPath } from "./connections-api.js";

function thanksItem(thanks) {
  const name = thanks.author.display_name || t("thanks.someone");
  return h(
    "li",
    { class: "thanks" },
    thanks.erased
      ? h("p", { class: "message-erased" }, t("thanks.erased"))
      : h("blockquote", {}, thanks.text),
    h(
      "p",
      { class: "listing-meta" },
      t("thanks.from", { name, when: formatWhen(thanks.given_at) }),
    ),
  );
}

async function blockPart(ctx, residentId) {
  if (residentId === myId()) return null;
  const blocked = (await connections.blocks()).some((b) => b.resident_id === residentId);
  if (blocked) {
    const button = h(
      "button",
      { type: "button", class: "button button-secondary" },
      t("thanks.unblock"),
    );
    button.addEventListener("click", async () => {
      await connections.unblock(residentId);
      ctx.flash(t("blocks.unblocked"));
      await ctx.rerender();
    });
    return h("div", { class: "actions" }, button);
  }
  return h(
    "div",
    { class: "actions" },
    confirmButton(t("thanks.block"), {
      heading: t("connection.block_heading"),
      text: t("connection.block_text"),
      confirm: t("connection.block_confirm"),
      onConfirm: async () => {
        await connections.block(residentId);
        ctx.flash(t("connection.blocked_done"));
        await ctx.rerender();
      },
    }),
  );
}

async function renderProfile(ctx) {
  const residentId = ctx.params.id;
  const profile = await connections.thanks(residentId);
  const received = profile.items || [];
  const name = profile.resident?.display_name;
  if (name) document.title = `${name} · ${t("app.name")}`;
  return h(
    "section",
    { class: "panel" },
    h("h1", {}, name || t("thanks.profile")),
    h("h2", {}, t("thanks.title")),
    received.length
      ? h("ul", { class: "thanks-list", "aria-label": t("thanks.title") }, received.map(thanksItem))
      : h("p", { class: "notice" }, t("thanks.none")),
    await blockPart(ctx, residentId),
  );
}

function blockItem(ctx, block) {
  const name = block.display_name || t("connection.erased");
  const button = h(
    "button",
    { type: "button", class: "button button-secondary" },
    t("blocks.unblock", { name }),
  );
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await connections.unblock(block.resident_id);
      ctx.flash(t("blocks.unblocked"));
      await ctx.rerender();
    } finally {
      button.disabled = false;
    }
  });
  return h(
    "li",
    { class: "block-item" },
    h("a", { href: residentPath(block.resident_id) }, name),
    " ",
    h("span", { class: "listing-meta" }, t("blocks.since", { when: formatWhen(block.since) })),
    " ",
    button,
  );
}

async function renderBlocks(ctx) {
  const found = await connections.blocks();
  return h(
    "section",
    { class: "panel" },
    h("h1", {}, t("blocks.title")),
    found.length
      ? h(
          "ul",
          { class: "blocks", "aria-label": t("blocks.title") },
          found.map((b) => blockItem(ctx, b)),
        )
      : h("p", { class: "notice" }, t("blocks.none")),
  );
}

export const profileScreen = {
  path: "/residents/:id",
  title: "thanks.profile",
  access: "resident",
  render: renderProfile,
};

export const blocksScreen = {
  path: "/me/blocks",
  title: "blocks.title",
  access: "resident",
  render: renderBlocks,
};
