// "/neighbourhoods/:id": a neighbourhood's outline (a map and its points as a table), its
// status and member count; join it, or, as a member, its description, my role, leaving, the
// links to its members and moderation log; a moderator also answers requests to come back.
import { ApiError } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { field, form, statusMessage } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { limit } from "../../core/limits.js";
import { outlines } from "../../shared/polygon.js";
import { formatDate, hoodErrorText, hoods, memberCount, refreshMe } from "./api.js";
import { confirmButton } from "./dialogs.js";
import { mapPart, pointsTable } from "./outline.js";

export function statusBadge(status) {
  return h("span", { class: `badge badge-${status}` }, t(`hood.status.${status}`));
}

async function render(ctx) {
  const id = ctx.params.id;
  const hood = await hoods.get(id);
  document.title = `${hood.name} · ${t("app.name")}`;
  const shapes = outlines(hood.boundary);
  const panel = h(
    "section",
    { class: "panel" },
    h("h1", {}, hood.name),
    h(
      "p",
      { class: "hood-facts" },
      hood.status ? statusBadge(hood.status) : null,
      h("span", {}, memberCount(hood.member_count)),
    ),
  );
  if (hood.member) {
    panel.append(...memberPart(ctx, hood));
  } else {
    panel.append(h("p", {}, t("hood.members_only")), joinPart(ctx, hood));
  }
  panel.append(mapPart(shapes), pointsTable(shapes));
  if (hood.member) panel.append(leavePart(ctx, hood));
  return panel;
}

function memberPart(ctx, hood) {
  const viewer = hood.viewer || {};
  const nodes = [];
  if (hood.status === "forming")
    nodes.push(h("p", { class: "hint" }, t("hood.status_hint.forming")));
  if (hood.description) nodes.push(h("p", { class: "hood-description" }, hood.description));
  nodes.push(
    h(
      "p",
      { class: "hood-meta" },
      hood.founder?.display_name ? t("hood.founded_by", { name: hood.founder.display_name }) : null,
      hood.founder?.display_name && hood.created_at ? " · " : null,
      hood.created_at ? t("hood.founded_on", { date: formatDate(hood.created_at) }) : null,
    ),
  );
  if (viewer.role) {
    nodes.push(h("p", {}, t(`hood.your_role.${viewer.role}`, { date: formatDate(viewer.since) })));
  }
  if (viewer.moderator_offer) nodes.push(offerPart(ctx, hood));
  const base = `/neighbourhoods/${encodeURIComponent(hood.neighbourhood_id)}`;
  nodes.push(
    h(
      "ul",
      { class: "links" },
      h(
        "li",
        {},
        h("a", { href: `${base}/members` }, t("hood.members_link", { n: hood.member_count })),
      ),
      h("li", {}, h("a", { href: `${base}/log` }, t("hood.log_link"))),
    ),
  );
  if (Array.isArray(hood.rejoin_requests)) nodes.push(rejoinRequests(ctx, hood));
  if (hood.moderator_offers?.length) {
    nodes.push(
      h(
        "section",
        { "aria-labelledby": "offers-heading" },
        h("h2", { id: "offers-heading" }, t("hood.offers_heading")),
        h(
          "ul",
          {},
          hood.moderator_offers.map((offer) =>
            h(
              "li",
              {},
              t("hood.offered_to", {
                name: offer.display_name || t("hood.someone"),
                date: formatDate(offer.offered_at),
              }),
            ),
          ),
        ),
      ),
    );
  }
  return nodes;
}

/** The moderator role offered to me: accept or decline. */
function offerPart(ctx, hood) {
  const alert = h("div", { class: "form-alert", role: "alert" });
  const answer = (call, done) => async (event) => {
    event.target.disabled = true;
    alert.replaceChildren();
    try {
      await call(hood.neighbourhood_id);
      await refreshMe();
      ctx.flash(t(done));
      await ctx.rerender();
    } catch (error) {
      alert.textContent = hoodErrorText(error);
      event.target.disabled = false;
    }
  };
  return h(
    "section",
    { class: "offer", "aria-labelledby": "offer-heading" },
    h("h2", { id: "offer-heading" }, t("hood.offer_heading")),
    h("p", {}, t("hood.offer_text")),
    alert,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          class: "button",
          onclick: answer(hoods.acceptRole, "hood.offer_accepted"),
        },
        t("hood.offer_accept"),
      ),
      h(
        "button",
        {
          type: "button",
          class: "button button-secondary",
          onclick: answer(hoods.declineRole, "hood.offer_declined"),
        },
        t("hood.offer_decline"),
      ),
    ),
  );
}

function rejoinRequests(ctx, hood) {
  const requests = hood.rejoin_requests;
  return h(
    "section",
    { "aria-labelledby": "rejoin-heading" },
    h("h2", { id: "rejoin-heading" }, t("hood.rejoin_heading")),
    requests.length
      ? h(
          "ul",
          { class: "requests" },
          requests.map((request) => {
            const name = request.display_name || t("hood.someone");
            const [button, dialog] = confirmButton(
              t("hood.approve", { name }),
              {
                heading: t("hood.approve", { name }),
                confirm: t("hood.approve", { name }),
                danger: false,
                onConfirm: async () => {
                  await hoods.approveRejoin(hood.neighbourhood_id, request.resident_id);
                  ctx.flash(t("hood.approved", { name }));
                  await ctx.rerender();
                },
              },
              "button button-secondary",
            );
            return h(
              "li",
              {},
              h("p", {}, t("hood.rejoin_from", { name, date: formatDate(request.requested_at) })),
              request.message
                ? h("p", {}, t("hood.rejoin_message", { message: request.message }))
                : null,
              button,
              dialog,
            );
          }),
        )
      : h("p", {}, t("hood.rejoin_none")),
  );
}

function joinPart(ctx, hood) {
  const alert = h("div", { class: "form-alert", role: "alert" });
  const extra = h("div", {});
  const button = h("button", { type: "button", class: "button" }, t("hood.join"));
  button.addEventListener("click", async () => {
    alert.replaceChildren();
    extra.replaceChildren();
    button.disabled = true;
    try {
      await hoods.join(hood.neighbourhood_id);
    } catch (error) {
      button.disabled = false;
      alert.textContent = hoodErrorText(error);
      if (error instanceof ApiError && error.code === "rejoin_needs_approval") {
        extra.append(rejoinAsk(hood));
      } else if (error instanceof ApiError && error.code === "not_verified") {
        extra.append(h("p", {}, h("a", { href: "/me/address" }, t("hood.verify_link"))));
      }
      return;
    }
    await refreshMe();
    ctx.flash(t("hood.joined"));
    await ctx.rerender();
  });
  return h("div", { class: "join" }, alert, h("div", { class: "actions" }, button), extra);
}

/** A removed resident asks the moderators to let them back. */
function rejoinAsk(hood) {
  return h(
    "section",
    { "aria-labelledby": "rejoin-ask-heading" },
    h("h2", { id: "rejoin-ask-heading" }, t("hood.rejoin_ask_heading")),
    h("p", {}, t("hood.rejoin_ask_text")),
    form({
      label: t("hood.rejoin_ask_heading"),
      submit: t("hood.rejoin_ask_submit"),
      fields: [
        field({
          name: "message",
          label: t("hood.rejoin_ask_message"),
          hint: t("hood.optional_reason_hint"),
          type: "textarea",
          optional: true,
          maxlength: limit("note_too_long", "max_length"),
          rows: 3,
        }),
      ],
      codeFields: { note_too_long: "message" },
      onSubmit: async (values, el) => {
        await hoods.requestRejoin(hood.neighbourhood_id, values.message);
        el.replaceWith(statusMessage(t("hood.rejoin_asked")));
      },
    }),
  );
}

function leavePart(ctx, hood) {
  const [button, dialog] = confirmButton(t("hood.leave"), {
    heading: t("hood.leave_heading"),
    text: t("hood.leave_text"),
    confirm: t("hood.leave_confirm"),
    onConfirm: async () => {
      await hoods.leave(hood.neighbourhood_id);
      await refreshMe();
      ctx.flash(t("hood.left"));
      await ctx.navigate("/neighbourhoods");
    },
  });
  return h("div", { class: "danger-zone" }, button, dialog);
}

export const detailScreen = {
  path: "/neighbourhoods/:id",
  title: "hood.detail_title",
  access: "resident",
  render,
};
