// "/neighbourhoods/:id/members": who is in it (display name, role, since when, the address as
// each one chose to show it), and the decisions of the founder (appoint and dismiss moderators)
// and of moderators (remove a member, with a reason). "/neighbourhoods/:id/log": the
// moderation log. Both are for members only.
import { ApiError } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { formatDateTime, t } from "../../core/i18n.js";
import * as session from "../../core/session.js";
import { formatDate, hoodErrorText, hoods } from "./api.js";
import { confirmButton } from "./dialogs.js";

const base = (id) => `/neighbourhoods/${encodeURIComponent(id)}`;

/** The neighbourhood, and what only members read; a non-member is told so, with a way back. */
async function membersOnly(ctx, read, titleKey) {
  const id = ctx.params.id;
  const hood = await hoods.get(id);
  const back = h("p", {}, h("a", { href: base(id) }, t("hood.back_to", { name: hood.name })));
  const panel = h("section", { class: "panel" }, h("h1", {}, t(titleKey, { name: hood.name })));
  document.title = `${t(titleKey, { name: hood.name })} · ${t("app.name")}`;
  if (!hood.member) {
    panel.append(h("p", { class: "notice notice-error" }, t("error.not_a_member")), back);
    return { panel };
  }
  try {
    return { panel, hood, back, data: await read(id) };
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "not_a_member") throw error;
    panel.append(h("p", { class: "notice notice-error" }, hoodErrorText(error)), back);
    return { panel };
  }
}

async function renderMembers(ctx) {
  const { panel, hood, back, data } = await membersOnly(ctx, hoods.members, "hood.members_of");
  if (!hood) return panel;
  const me = session.current()?.resident_id;
  const role = hood.viewer?.role;
  panel.append(
    back,
    h(
      "ul",
      { class: "members" },
      data.map((member) => memberItem(ctx, hood, member, { me, role })),
    ),
  );
  return panel;
}

function memberItem(ctx, hood, member, { me, role }) {
  const name = member.erased ? t("hood.erased") : member.display_name || t("hood.someone");
  const itsMe = member.resident_id === me;
  return h(
    "li",
    { class: "member", "data-resident": member.resident_id },
    h(
      "p",
      { class: "member-name" },
      h("strong", {}, name),
      " ",
      h("span", { class: `badge badge-${member.role}` }, t(`hood.role.${member.role}`)),
    ),
    h("p", { class: "hint" }, t("hood.member_since", { date: formatDate(member.since) })),
    member.erased ? null : h("p", { class: "member-address" }, shownAddress(member.address)),
    itsMe || member.erased ? null : decisions(ctx, hood, member, name, role),
  );
}

function shownAddress(address) {
  if (!address) return t("hood.address_hidden");
  if (address.line) {
    return [address.line, [address.postcode, address.city].filter(Boolean).join(" ")]
      .filter(Boolean)
      .join(", ");
  }
  return address.street || t("hood.address_hidden");
}

/** What the viewer may decide about this member: nothing for plain members. */
function decisions(ctx, hood, member, name, role) {
  const id = hood.neighbourhood_id;
  const done = async (key) => {
    ctx.flash(t(key, { name }));
    await ctx.rerender();
  };
  const nodes = [];
  if (role === "founder" && member.role === "member") {
    nodes.push(
      confirmButton(
        t("hood.appoint", { name }),
        {
          heading: t("hood.appoint", { name }),
          text: t("hood.appoint_text", { name }),
          confirm: t("hood.appoint", { name }),
          danger: false,
          onConfirm: async () => {
            await hoods.appoint(id, member.resident_id);
            await done("hood.appointed");
          },
        },
        "button button-secondary",
      ),
    );
  }
  if (role === "founder" && member.role === "moderator") {
    nodes.push(
      confirmButton(
        t("hood.dismiss", { name }),
        {
          heading: t("hood.dismiss_heading", { name }),
          confirm: t("hood.dismiss_confirm"),
          reason: {
            label: t("hood.dismiss_reason"),
            hint: t("hood.dismiss_reason_hint"),
            required: true,
          },
          onConfirm: async (reason) => {
            await hoods.dismiss(id, member.resident_id, reason);
            await done("hood.dismissed");
          },
        },
        "button button-secondary",
      ),
    );
  }
  const mayRemove =
    member.role !== "founder" &&
    (role === "founder" || (role === "moderator" && member.role === "member"));
  if (mayRemove) {
    nodes.push(
      confirmButton(t("hood.remove", { name }), {
        heading: t("hood.remove_heading", { name }),
        confirm: t("hood.remove_confirm"),
        reason: {
          label: t("hood.remove_reason"),
          hint: t("hood.remove_reason_hint"),
          required: true,
        },
        onConfirm: async (reason) => {
          await hoods.remove(id, member.resident_id, reason);
          await done("hood.removed");
        },
      }),
    );
  }
  return nodes.length ? h("div", { class: "actions member-actions" }, nodes) : null;
}

async function renderLog(ctx) {
  const { panel, hood, back, data } = await membersOnly(ctx, hoods.log, "hood.log_of");
  if (!hood) return panel;
  panel.append(back, h("p", {}, t("hood.log_intro")));
  if (!data.length) {
    panel.append(h("p", { class: "notice" }, t("hood.log_empty")));
    return panel;
  }
  panel.append(h("ol", { class: "log" }, data.map(logItem)));
  return panel;
}

function logItem(entry) {
  const system = entry.actor?.system;
  const actor = system
    ? t(system === "operators" ? "hood.operators" : "hood.system")
    : entry.actor?.display_name || t("hood.someone");
  const resident = entry.resident ? entry.resident.display_name || t("hood.someone") : "";
  const key = `hood.action.${entry.action}`;
  const sentence =
    t(key) === key
      ? t("hood.action.other", { actor, action: entry.action })
      : t(key, { actor, resident });
  let reason = null;
  if (entry.reason)
    reason = h("p", { class: "log-reason" }, t("hood.log_reason", { reason: entry.reason }));
  else if (entry.reason_withheld) reason = h("p", { class: "hint" }, t("hood.log_withheld"));
  // Shown on the proposal's own entry only: its decision has an entry of its own.
  const status = entry.proposal?.status;
  const proposal =
    entry.action === "boundary_change_proposed" && status
      ? h("p", { class: `log-proposal log-proposal-${status}` }, t(`hood.proposal.${status}`))
      : null;
  return h(
    "li",
    {},
    h("p", {}, h("time", { datetime: entry.at }, formatDateTime(entry.at)), " — ", sentence),
    reason,
    proposal,
  );
}

export const membersScreen = {
  path: "/neighbourhoods/:id/members",
  title: "hood.members_title",
  access: "resident",
  render: renderMembers,
};

export const logScreen = {
  path: "/neighbourhoods/:id/log",
  title: "hood.log_title",
  access: "resident",
  render: renderLog,
};
