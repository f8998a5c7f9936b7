// "/": what Quartier is, and for a signed-in resident where they stand.
import { h } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import * as session from "../../core/session.js";

const messages = {
  fr: {
    "home.title": "Accueil",
    "home.heading": "Quartier, l’entraide entre voisins",
    "home.intro":
      "Prêtez, empruntez, échangez des services et partagez vos bons plans avec les voisins de votre quartier.",
    "home.join": "Créer un compte",
    "home.or": "ou",
    "home.sign_in": "se connecter",
    "home.hello": "Bonjour {name} !",
    "home.address_verified": "Votre adresse est vérifiée.",
    "home.address_todo": "Vérifiez votre adresse pour rejoindre votre quartier.",
    "home.address_link": "Mon adresse",
    "home.profile_link": "Mon profil",
  },
  en: {
    "home.title": "Home",
    "home.heading": "Quartier, neighbours helping neighbours",
    "home.intro":
      "Lend, borrow, swap services and share good deals with the neighbours of your area.",
    "home.join": "Create an account",
    "home.or": "or",
    "home.sign_in": "sign in",
    "home.hello": "Hello {name}!",
    "home.address_verified": "Your address is verified.",
    "home.address_todo": "Verify your address to join your neighbourhood.",
    "home.address_link": "My address",
    "home.profile_link": "My profile",
  },
};

function render() {
  const me = session.current();
  if (!me) {
    return h(
      "section",
      { class: "panel" },
      h("h1", {}, t("home.heading")),
      h("p", {}, t("home.intro")),
      h(
        "p",
        {},
        h("a", { href: "/sign-up", class: "button" }, t("home.join")),
        ` ${t("home.or")} `,
        h("a", { href: "/sign-in" }, t("home.sign_in")),
      ),
    );
  }
  const verified = me.address?.status === "verified";
  return h(
    "section",
    { class: "panel" },
    h("h1", {}, t("home.hello", { name: me.display_name || "" })),
    h("p", {}, t(verified ? "home.address_verified" : "home.address_todo")),
    h(
      "ul",
      { class: "links" },
      h("li", {}, h("a", { href: "/me/address" }, t("home.address_link"))),
      h("li", {}, h("a", { href: "/me" }, t("home.profile_link"))),
    ),
  );
}

export default {
  messages,
  screens: [{ path: "/", title: "home.title", access: "any", render }],
};
