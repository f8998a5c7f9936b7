// "/me/password": changing my password. The server checks the current one (a wrong one counts
// as a failed sign-in) and ends every other session of mine; this one stays open.
import { api } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { field, form } from "../../core/forms.js";
import { t } from "../../core/i18n.js";

// The rules identity enforces (identity/domain.py, check_password), said before they refuse.
const messages = {
  fr: {
    "password.title": "Changer mon mot de passe",
    "password.intro":
      "Vos autres sessions, sur d’autres appareils ou navigateurs, seront fermées. Celle-ci reste ouverte.",
    "password.current": "Mot de passe actuel",
    "password.new": "Nouveau mot de passe",
    "password.new_hint":
      "Au moins 10 caractères, dont au moins 3 différents ; ni un mot de passe courant, ni votre adresse e-mail.",
    "password.submit": "Changer mon mot de passe",
    "password.done": "Votre mot de passe est changé. Vos autres sessions sont fermées.",
    "password.back": "Retour à mon profil",
  },
  en: {
    "password.title": "Change my password",
    "password.intro":
      "Your other sessions, on other devices or browsers, will be signed out. This one stays open.",
    "password.current": "Current password",
    "password.new": "New password",
    "password.new_hint":
      "At least 10 characters, with at least 3 different ones; not a common password, nor your e-mail address.",
    "password.submit": "Change my password",
    "password.done": "Your password is changed. Your other sessions are signed out.",
    "password.back": "Back to my profile",
  },
};

function render(ctx) {
  const passwordForm = form({
    label: t("password.title"),
    submit: t("password.submit"),
    fields: [
      field({
        name: "current",
        label: t("password.current"),
        type: "password",
        required: true,
        autocomplete: "current-password",
      }),
      field({
        name: "new",
        label: t("password.new"),
        hint: t("password.new_hint"),
        type: "password",
        required: true,
        autocomplete: "new-password",
      }),
    ],
    // The server names the field; these hold should an answer come without it.
    codeFields: {
      current_password_wrong: "current",
      invalid_credentials: "current",
      password_too_weak: "new",
    },
    onSubmit: async (values) => {
      await api("PUT", "/me/password", { json: { current: values.current, new: values.new } });
      ctx.flash(t("password.done"));
      await ctx.navigate("/me");
    },
  });
  return h(
    "section",
    { class: "panel narrow" },
    h("h1", {}, t("password.title")),
    h("p", {}, t("password.intro")),
    passwordForm,
    h("p", {}, h("a", { href: "/me" }, t("password.back"))),
  );
}

export default {
  messages,
  screens: [{ path: "/me/password", title: "password.title", access: "resident", render }],
};
