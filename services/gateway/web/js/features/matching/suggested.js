// "/matches": Suggested for you. Each match: the other listing and its author, why it was
// suggested (the reasons in words), and my answer (accept, decline); once both sides accepted,
// we are in touch.
import { h } from "../../core/dom.js";
import { errorText } from "../../core/errors.js";
import { t } from "../../core/i18n.js";
import { matches } from "./api.js";
import { reasonPhrases } from "./reasons.js";

function status(match) {
  if (match.status === "connected") return t("match.status.connected");
  if (match.status === "declined") return t("match.status.declined");
  if (match.status === "withdrawn")
    return t(`match.withdrawn.${match.withdrawal || "listing_closed"}`);
  if (match.i_accepted) return t("match.status.waiting");
  if (match.they_accepted) return t("match.status.they_accepted");
  return null;
}

function answers(match, redraw) {
  if (match.status !== "open" || match.i_accepted) return null;
  const alert = h("p", { class: "form-error", role: "alert" });
  const act = (call) => async (event) => {
    event.target.disabled = true;
    try {
      await call(match.match_id);
      await redraw();
    } catch (error) {
      alert.textContent = errorText(error);
      event.target.disabled = false;
    }
  };
  const title = match.their_listing.title || t("match.a_listing");
  return h(
    "div",
    { class: "actions" },
    h(
      "button",
      {
        type: "button",
        onclick: act(matches.accept),
        "aria-label": t("match.accept_named", { title }),
      },
      t("match.accept"),
    ),
    h(
      "button",
      {
        type: "button",
        class: "button-secondary",
        onclick: act(matches.decline),
        "aria-label": t("match.decline_named", { title }),
      },
      t("match.decline"),
    ),
    alert,
  );
}

function item(match, redraw) {
  const phrases = reasonPhrases(match.reasons, t);
  const said = status(match);
  return h(
    "article",
    { class: "match", "data-match": match.match_id },
    h(
      "h2",
      {},
      h(
        "a",
        { href: `/listings/${encodeURIComponent(match.their_listing.listing_id)}` },
        match.their_listing.title || t("match.a_listing"),
      ),
    ),
    h(
      "p",
      { class: "listing-meta" },
      t(match.my_side === "offer" ? "match.asks" : "match.offers", {
        name: match.other.display_name || t("match.a_neighbour"),
      }),
      " · ",
      t("match.for_mine", { title: match.my_listing.title || t("match.a_listing") }),
    ),
    h("p", { class: "match-why" }, h("strong", {}, t("match.why")), " ", phrases.join(", ")),
    said ? h("p", { class: "match-status", role: "status" }, said) : null,
    answers(match, redraw),
  );
}

async function renderSuggested() {
  const panel = h("section", { class: "panel" }, h("h1", {}, t("match.title")));
  const list = h("div", { class: "matches" });
  const redraw = async () => {
    const found = await matches.mine();
    list.replaceChildren(
      ...(found.length ? found.map((match) => item(match, redraw)) : [h("p", {}, t("match.none"))]),
    );
  };
  await redraw();
  panel.append(h("p", {}, t("match.intro")), list);
  return panel;
}

export const suggestedScreen = {
  path: "/matches",
  title: "match.title",
  access: "resident",
  nav: { label: "match.nav", order: 7 },
  render: renderSuggested,
};
