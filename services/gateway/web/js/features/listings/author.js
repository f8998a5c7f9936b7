// The author's part of a listing's page: edit, renew, close or reopen it, read the responses
// and go ahead with one responder.
import { h } from "../../core/dom.js";
import { statusMessage } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { formatWhen, listingErrorText, listings } from "./api.js";
import { listingPath, section } from "./cards.js";
import { endOfDay, expiryField } from "./post.js";
import { picksRecipient, reserved } from "./giveaway.js";

const REOPENABLE = ["closed_done", "closed_withdrawn", "expired"];

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

export function authorPart(ctx, listing) {
  const id = listing.listing_id;
  const actions = [];
  // Renewing or reopening keeps the listing until the day chosen here, or the usual length.
  const until = expiryField();
  const chosen = () => endOfDay(until.querySelector("input").value);
  if (listing.status === "open") {
    actions.push(
      h("a", { href: `${listingPath(id)}/edit`, class: "button" }, t("listing.edit")),
      until,
      ...actionButton(
        ctx,
        t("listing.renew"),
        () => listings.renew(id, chosen()),
        "listing.renewed",
      ),
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
      until,
      ...actionButton(
        ctx,
        t("listing.reopen"),
        () => listings.reopen(id, chosen()),
        "listing.reopened",
      ),
    );
  }
  return section("listing.yours", h("div", { class: "actions" }, actions));
}

export async function responsesPart(ctx, listing) {
  const responses = await listings.responses(listing.listing_id);
  if (!responses.length) {
    return section("listing.responses", h("p", {}, t("listing.no_responses")));
  }
  const chosen = listing.chosen_response_id || listing.exchange?.reservation?.response_id;
  const picking = picksRecipient(listing);
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
          response.offer
            ? h("p", { class: "listing-offer" }, t("exchange.offered", { offer: response.offer }))
            : null,
          response.response_id === chosen || response.chosen
            ? statusMessage(t("listing.chosen"))
            : chosen || reserved(listing)
              ? null
              : picking
                ? h(
                    "div",
                    { class: "actions" },
                    actionButton(
                      ctx,
                      t("exchange.give_to", {
                        name: response.responder?.display_name || t("listing.someone"),
                      }),
                      () => listings.chooseRecipient(listing.listing_id, response.response_id),
                      "exchange.given_to",
                      "button",
                    ),
                  )
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
