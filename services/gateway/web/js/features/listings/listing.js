// "/listings/:id": a listing with its photos, its details in words and its history. A member
// responds or reports it; its author edits, closes or reopens it, reads the responses and goes
// ahead with one responder; a moderator of one of its neighbourhoods restores or removes it.
import { h, uniqueId } from "../../core/dom.js";
import { field, form, statusMessage } from "../../core/forms.js";
import { has, t } from "../../core/i18n.js";
import { confirmButton } from "../neighbourhoods/dialogs.js";
import { formatWhen, listingErrorText, listings, myHoods, myId, photoUrl } from "./api.js";
import { badges, byline, detailsList, listingPath } from "./cards.js";
import { limit } from "./limits.js";

const REOPENABLE = ["closed_done", "closed_withdrawn", "expired"];

function section(headingKey, ...children) {
  const id = uniqueId("listing-part");
  return h(
    "section",
    { class: "listing-part", "aria-labelledby": id },
    h("h2", { id }, t(headingKey)),
    children,
  );
}

/** A button running `call`, then showing the page again with `done` said once. */
function actionButton(ctx, label, call, done, className = "button button-secondary") {
  const alert = h("div", { class: "form-alert", role: "alert" });
  const button = h("button", { type: "button", class: className }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    alert.replaceChildren();
    try {
      await call();
      ctx.flash(t(done));
      await ctx.rerender();
    } catch (error) {
      alert.textContent = listingErrorText(error);
      button.disabled = false;
    }
  });
  return [button, alert];
}

function photosPart(listing) {
  const ids = listing.photos || [];
  if (!ids.length) return null;
  return h(
    "ul",
    { class: "listing-photos", "aria-label": t("listing.photos") },
    ids.map((photoId, index) =>
      h(
        "li",
        {},
        h(
          "a",
          { href: photoUrl(photoId, "full"), target: "_blank", rel: "noopener" },
          h("img", {
            src: photoUrl(photoId, "thumb"),
            alt: t("listing.photo_full", { n: index + 1 }),
            width: 200,
            height: 200,
          }),
        ),
      ),
    ),
  );
}

// "ListingPublished", "listing_published" or "published": one text, listing.history.published.
const historyKey = (type) =>
  `listing.history.${String(type)
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/^listing_/, "")}`;

function historyPart(listing) {
  const history = listing.history || [];
  if (!history.length) return null;
  return h(
    "details",
    { class: "more" },
    h("summary", {}, t("listing.history")),
    h(
      "ul",
      { class: "log" },
      history.map((step) =>
        h(
          "li",
          {},
          h("time", { datetime: step.at }, formatWhen(step.at)),
          " ",
          has(historyKey(step.type)) ? t(historyKey(step.type)) : step.type,
        ),
      ),
    ),
  );
}

function respondPart(ctx, listing) {
  if (listing.my_response) {
    return section(
      "listing.your_response",
      h(
        "p",
        {},
        t("listing.responded_on", {
          when: formatWhen(listing.my_response.sent_at || listing.my_response.at),
        }),
      ),
      h("blockquote", { class: "listing-message" }, listing.my_response.message),
    );
  }
  if (listing.status !== "open" || listing.hidden) return null;
  const max = limit("invalid_message", "max_length");
  return section(
    "listing.respond",
    form({
      label: t("listing.respond"),
      submit: t("listing.respond_submit"),
      fields: [
        field({
          name: "message",
          label: t("listing.field.message"),
          hint: t("listing.message_hint", { max }),
          type: "textarea",
          rows: 4,
          required: true,
          maxlength: max,
        }),
      ],
      onSubmit: async (values) => {
        await listings.respond(listing.listing_id, values.message);
        ctx.flash(t("listing.responded"));
        await ctx.rerender();
      },
    }),
  );
}

function reasonButton(ctx, { label, heading, text, confirm, call, done, danger = true }) {
  return confirmButton(
    label,
    {
      heading,
      text,
      confirm,
      danger,
      reason: {
        label: t("listing.reason"),
        hint: t("listing.reason_hint", { max: limit("invalid_reason", "max_length") }),
        required: true,
      },
      onConfirm: async (reason) => {
        await call(reason);
        ctx.flash(t(done));
        await ctx.rerender();
      },
    },
    danger ? "button button-danger" : "button button-secondary",
  );
}

function authorPart(ctx, listing) {
  const id = listing.listing_id;
  const actions = [];
  if (listing.status === "open") {
    actions.push(
      h("a", { href: `${listingPath(id)}/edit`, class: "button" }, t("listing.edit")),
      ...actionButton(
        ctx,
        t("listing.close_done"),
        () => listings.close(id, "done"),
        "listing.closed",
      ),
      ...actionButton(
        ctx,
        t("listing.close_withdrawn"),
        () => listings.close(id, "withdrawn"),
        "listing.closed",
      ),
    );
  } else if (REOPENABLE.includes(listing.status)) {
    actions.push(
      ...actionButton(ctx, t("listing.reopen"), () => listings.reopen(id), "listing.reopened"),
    );
  }
  return section("listing.yours", h("div", { class: "actions" }, actions));
}

async function responsesPart(ctx, listing) {
  const responses = await listings.responses(listing.listing_id);
  if (!responses.length) {
    return section("listing.responses", h("p", {}, t("listing.no_responses")));
  }
  const chosen = listing.chosen_response_id;
  return section(
    "listing.responses",
    h(
      "ul",
      { class: "requests" },
      responses.map((response) =>
        h(
          "li",
          {},
          h(
            "p",
            {},
            h("strong", {}, response.responder?.display_name || t("listing.someone")),
            " · ",
            formatWhen(response.sent_at || response.at),
          ),
          h("blockquote", { class: "listing-message" }, response.message),
          response.response_id === chosen || response.chosen
            ? statusMessage(t("listing.chosen"))
            : chosen
              ? null
              : h(
                  "div",
                  { class: "actions" },
                  actionButton(
                    ctx,
                    t("listing.go_ahead", {
                      name: response.responder?.display_name || t("listing.someone"),
                    }),
                    () => listings.accept(listing.listing_id, response.response_id),
                    "listing.went_ahead",
                    "button",
                  ),
                ),
        ),
      ),
    ),
  );
}

function moderatorPart(ctx, listing) {
  const id = listing.listing_id;
  return section(
    "listing.moderation",
    h(
      "p",
      {},
      t(listing.hidden ? "listing.hidden_text" : "listing.reports_count", {
        n: listing.reports_count ?? 0,
      }),
    ),
    h(
      "div",
      { class: "actions" },
      listing.hidden
        ? reasonButton(ctx, {
            label: t("listing.restore"),
            heading: t("listing.restore_heading"),
            confirm: t("listing.restore"),
            danger: false,
            call: (reason) => listings.moderate(id, "restore", reason),
            done: "listing.restored",
          })
        : null,
      reasonButton(ctx, {
        label: t("listing.remove"),
        heading: t("listing.remove_heading"),
        text: t("listing.remove_text"),
        confirm: t("listing.remove"),
        call: (reason) => listings.moderate(id, "remove", reason),
        done: "listing.removed",
      }),
    ),
  );
}

async function render(ctx) {
  const listing = await listings.get(ctx.params.id);
  document.title = `${listing.title} · ${t("app.name")}`;
  const mine = listing.author?.resident_id === myId();
  const moderates = myHoods().some(
    (hood) => hood.moderator && (listing.neighbourhood_ids || []).includes(hood.neighbourhood_id),
  );
  const panel = h(
    "article",
    { class: "panel listing" },
    h("h1", {}, listing.title),
    badges(listing),
    h("p", { class: "listing-meta" }, byline(listing)),
    h(
      "p",
      { class: "listing-meta" },
      t("listing.published", { when: formatWhen(listing.published_at) }),
      listing.expires_at && listing.status === "open"
        ? ` · ${t("listing.expires", { when: formatWhen(listing.expires_at) })}`
        : null,
    ),
    photosPart(listing),
    listing.description ? h("p", { class: "listing-description" }, listing.description) : null,
    detailsList(listing.category, listing.details),
  );
  if (mine) {
    panel.append(authorPart(ctx, listing), await responsesPart(ctx, listing));
  } else {
    panel.append(respondPart(ctx, listing) || "");
    panel.append(
      h(
        "div",
        { class: "actions" },
        reasonButton(ctx, {
          label: t("listing.report"),
          heading: t("listing.report_heading"),
          text: t("listing.report_text"),
          confirm: t("listing.report_submit"),
          call: (reason) => listings.report(listing.listing_id, reason),
          done: "listing.reported",
          danger: false,
        }),
      ),
    );
  }
  if (moderates && !mine) panel.append(moderatorPart(ctx, listing));
  const history = historyPart(listing);
  if (history) panel.append(history);
  return panel;
}

export const listingScreen = {
  path: "/listings/:id",
  title: "listing.title",
  access: "resident",
  render,
};
