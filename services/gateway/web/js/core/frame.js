// The frame around every screen: skip link, header (brand, navigation, slots, language switch,
// sign-out), an app-wide alert region, <main> where screens render, and the footer.
import { api } from "./api.js";
import { h } from "./dom.js";
import { errorText } from "./errors.js";
import { language, LANGUAGES, setLanguage, t } from "./i18n.js";
import { BANDS, navEntries, SLOTS, slotRenderers } from "./registry.js";
import * as session from "./session.js";

const header = () => document.getElementById("site-header");
const appAlert = () => document.getElementById("app-alert");

/** Redraw the header for the current path (nav entries depend on who is signed in). */
export function renderFrame(pathname, { onSignOut }) {
  const signedIn = session.signedIn();
  const other = LANGUAGES.find((lang) => lang !== language());
  document.getElementById("skip-link").textContent = t("frame.skip");
  document.getElementById("site-footer").replaceChildren(h("p", {}, t("frame.footer")));
  const nav = h(
    "nav",
    { class: "site-nav", "aria-label": t("frame.nav") },
    h(
      "ul",
      {},
      navEntries(signedIn, session.isOperator()).map((entry) =>
        h(
          "li",
          {},
          h(
            "a",
            { href: entry.path, "aria-current": entry.path === pathname ? "page" : null },
            t(entry.label),
          ),
        ),
      ),
    ),
  );
  const tools = h(
    "div",
    { class: "header-tools" },
    SLOTS.filter((name) => !BANDS.includes(name)).map((name) => slot(name, signedIn)),
    h(
      "button",
      {
        type: "button",
        class: "button-quiet",
        id: "language-switch",
        lang: other,
        onclick: () => switchLanguage(other),
      },
      t("frame.language"),
    ),
    signedIn
      ? h(
          "button",
          { type: "button", class: "button-quiet", id: "sign-out", onclick: onSignOut },
          t("frame.sign_out"),
        )
      : null,
  );
  header().replaceChildren(
    h(
      "div",
      { class: "header-inner" },
      h("a", { class: "brand", href: "/", "aria-label": t("frame.home") }, t("app.name")),
      nav,
      tools,
    ),
    ...BANDS.map((name) => slot(name, signedIn)),
  );
}

function slot(name, signedIn) {
  const container = h("div", { class: "slot", "data-slot": name });
  for (const render of slotRenderers(name)) render(container, { signedIn });
  return container;
}

/** Change language here, then (signed in) on the account too, so that e-mails follow it. */
async function switchLanguage(lang) {
  setLanguage(lang);
  if (!session.signedIn()) return;
  try {
    await api("PATCH", "/me", { json: { language: lang } });
  } catch (error) {
    showAppAlert(errorText(error));
  }
}

export function showAppAlert(text) {
  appAlert().replaceChildren(text ? h("p", {}, text) : "");
}

export function clearAppAlert() {
  appAlert().replaceChildren();
}

export function notFound() {
  return h(
    "section",
    { class: "panel" },
    h("h1", {}, t("page.not_found.title")),
    h("p", {}, t("page.not_found.text")),
    h("p", {}, h("a", { href: "/" }, t("page.not_found.back"))),
  );
}

export function failed(error) {
  return h(
    "section",
    { class: "panel" },
    h("h1", {}, t("page.error.title")),
    h("p", {}, errorText(error)),
  );
}
