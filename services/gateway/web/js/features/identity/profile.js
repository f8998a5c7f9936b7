// "/me": display name, phone and how much of the address neighbours see.
import { api } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { field, form, radioGroup } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { limit } from "../../core/limits.js";
import * as session from "../../core/session.js";

const messages = {
  fr: {
    "profile.title": "Mon profil",
    "profile.nav": "Mon profil",
    "profile.display_name": "Nom affiché",
    "profile.phone": "Téléphone",
    "profile.phone_hint": "Partagé seulement avec les voisins avec qui vous êtes mis en relation.",
    "profile.disclosure": "Ce que vos voisins voient de votre adresse",
    "profile.disclosure.street": "La rue seulement (recommandé)",
    "profile.disclosure.full": "L’adresse complète",
    "profile.disclosure.none": "Rien",
    "profile.disclosure.street_hint": "Par exemple « rue de la Paix », sans le numéro.",
    "profile.submit": "Enregistrer",
    "profile.saved": "Votre profil est enregistré.",
    "profile.password": "Mot de passe",
    "profile.password_link": "Changer mon mot de passe",
  },
  en: {
    "profile.title": "My profile",
    "profile.nav": "My profile",
    "profile.display_name": "Display name",
    "profile.phone": "Phone",
    "profile.phone_hint": "Shared only with the neighbours you are put in touch with.",
    "profile.disclosure": "What your neighbours see of your address",
    "profile.disclosure.street": "The street only (recommended)",
    "profile.disclosure.full": "The full address",
    "profile.disclosure.none": "Nothing",
    "profile.disclosure.street_hint": "For instance “rue de la Paix”, without the number.",
    "profile.submit": "Save",
    "profile.saved": "Your profile is saved.",
    "profile.password": "Password",
    "profile.password_link": "Change my password",
  },
};

const LEVELS = ["street", "full", "none"];

function render(ctx) {
  const me = session.current();
  const profileForm = form({
    label: t("profile.title"),
    submit: t("profile.submit"),
    fields: [
      field({
        name: "display_name",
        label: t("profile.display_name"),
        required: true,
        autocomplete: "nickname",
        maxlength: limit("invalid_profile", "max_display_name"),
        value: me.display_name || "",
      }),
      field({
        name: "phone",
        label: t("profile.phone"),
        hint: t("profile.phone_hint"),
        optional: true,
        type: "tel",
        autocomplete: "tel",
        maxlength: limit("invalid_profile", "max_phone"),
        value: me.phone || "",
      }),
      radioGroup({
        name: "disclosure",
        legend: t("profile.disclosure"),
        value: LEVELS.includes(me.disclosure) ? me.disclosure : "street",
        options: LEVELS.map((level) => ({
          value: level,
          label: t(`profile.disclosure.${level}`),
          hint: level === "street" ? t("profile.disclosure.street_hint") : null,
        })),
      }),
    ],
    codeFields: { invalid_profile: "phone" },
    onSubmit: async (values) => {
      const answer = await api("PATCH", "/me", {
        json: {
          display_name: values.display_name,
          phone: values.phone || null,
          disclosure: values.disclosure || "street",
        },
      });
      await session.refresh(answer?.position);
      ctx.flash(t("profile.saved"));
      await ctx.rerender();
    },
  });
  return h(
    "section",
    { class: "panel narrow" },
    h("h1", {}, t("profile.title")),
    profileForm,
    h("h2", {}, t("profile.password")),
    h("p", {}, h("a", { href: "/me/password" }, t("profile.password_link"))),
  );
}

export default {
  messages,
  screens: [
    {
      path: "/me",
      title: "profile.title",
      access: "resident",
      nav: { label: "profile.nav", order: 10 },
      render,
    },
  ],
};
