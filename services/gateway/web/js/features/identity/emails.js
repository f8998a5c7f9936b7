// The account's e-mails: "/forgot-password" (ask for a reset link), "/password-reset?token="
// (the link: a new password), "/email-confirmation?token=" (the link: the address is
// confirmed), and the band asking a resident to confirm their address, with "resend".
import { api } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { errorText } from "../../core/errors.js";
import { field, form, statusMessage } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { limit } from "../../core/limits.js";
import { refreshFrame } from "../../core/registry.js";
import * as session from "../../core/session.js";

const messages = {
  fr: {
    "forgot.title": "Mot de passe oublié",
    "forgot.link": "Mot de passe oublié ?",
    "forgot.intro":
      "Indiquez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.",
    "forgot.email": "Adresse e-mail",
    "forgot.submit": "Envoyer le lien",
    "forgot.sent":
      "Si un compte utilise cette adresse, un lien vient d’y être envoyé. Il est valable {minutes} minutes et ne sert qu’une fois.",
    "forgot.back": "Retour à la connexion",
    "reset.title": "Choisir un nouveau mot de passe",
    "reset.intro": "Choisissez votre nouveau mot de passe. Toutes vos sessions seront fermées.",
    "reset.password": "Nouveau mot de passe",
    "reset.password_hint":
      "Au moins 10 caractères, dont au moins 3 différents ; ni un mot de passe courant, ni votre adresse e-mail.",
    "reset.submit": "Enregistrer le mot de passe",
    "reset.done": "Votre mot de passe est changé. Connectez-vous avec le nouveau.",
    "reset.no_token": "Ce lien est incomplet. Ouvrez celui de l’e-mail, ou demandez-en un nouveau.",
    "reset.again": "Demander un nouveau lien",
    "confirm.title": "Confirmation de l’adresse e-mail",
    "confirm.working": "Confirmation en cours…",
    "confirm.done": "Votre adresse e-mail est confirmée. Merci !",
    "confirm.home": "Aller à l’accueil",
    "banner.text": "Confirmez votre adresse e-mail : ouvrez le lien que nous vous avons envoyé.",
    "banner.resend": "Renvoyer le lien",
    "banner.sent": "Un nouveau lien vient d’être envoyé.",
  },
  en: {
    "forgot.title": "Forgotten password",
    "forgot.link": "Forgot your password?",
    "forgot.intro":
      "Enter your account’s e-mail address: we will send you a link to choose a new password.",
    "forgot.email": "E-mail address",
    "forgot.submit": "Send the link",
    "forgot.sent":
      "If an account uses this address, a link was just sent to it. It is valid {minutes} minutes and works once.",
    "forgot.back": "Back to sign-in",
    "reset.title": "Choose a new password",
    "reset.intro": "Choose your new password. All your sessions will be signed out.",
    "reset.password": "New password",
    "reset.password_hint":
      "At least 10 characters, with at least 3 different ones; not a common password, nor your e-mail address.",
    "reset.submit": "Save the password",
    "reset.done": "Your password is changed. Sign in with the new one.",
    "reset.no_token": "This link is incomplete. Open the one in the e-mail, or ask for a new one.",
    "reset.again": "Ask for a new link",
    "confirm.title": "E-mail address confirmation",
    "confirm.working": "Confirming…",
    "confirm.done": "Your e-mail address is confirmed. Thank you!",
    "confirm.home": "Go to the home page",
    "banner.text": "Confirm your e-mail address: open the link we sent you.",
    "banner.resend": "Send the link again",
    "banner.sent": "A new link was just sent.",
  },
};

// The token leaves the address bar (and the history) as soon as it is read: it is a secret.
function takeToken(ctx) {
  const token = ctx.query.get("token") || "";
  if (token) history.replaceState(null, "", location.pathname);
  return token;
}

function forgot() {
  const result = h("div", { "aria-live": "polite" });
  const forgotForm = form({
    label: t("forgot.title"),
    submit: t("forgot.submit"),
    fields: [
      field({
        name: "email",
        label: t("forgot.email"),
        type: "email",
        required: true,
        autocomplete: "email",
      }),
    ],
    onSubmit: async (values) => {
      await api("POST", "/password-resets", { json: { email: values.email } });
      const minutes = limit("account_token_expired", "password_reset_minutes") ?? "";
      result.replaceChildren(statusMessage(t("forgot.sent", { minutes })));
    },
  });
  return h(
    "section",
    { class: "panel narrow" },
    h("h1", {}, t("forgot.title")),
    h("p", {}, t("forgot.intro")),
    result,
    forgotForm,
    h("p", {}, h("a", { href: "/sign-in" }, t("forgot.back"))),
  );
}

function reset(ctx) {
  const token = takeToken(ctx);
  const again = h("p", {}, h("a", { href: "/forgot-password" }, t("reset.again")));
  if (!token) {
    return h(
      "section",
      { class: "panel narrow" },
      h("h1", {}, t("reset.title")),
      h("p", {}, t("reset.no_token")),
      again,
    );
  }
  const resetForm = form({
    label: t("reset.title"),
    submit: t("reset.submit"),
    fields: [
      field({
        name: "password",
        label: t("reset.password"),
        hint: t("reset.password_hint"),
        type: "password",
        required: true,
        autocomplete: "new-password",
      }),
    ],
    codeFields: { password_too_weak: "password" },
    onSubmit: async (values) => {
      await api("POST", `/password-resets/${encodeURIComponent(token)}`, {
        json: { password: values.password },
      });
      session.forget(); // every session of the account ended, this browser's too
      ctx.flash(t("reset.done"));
      await ctx.navigate("/sign-in");
    },
  });
  return h(
    "section",
    { class: "panel narrow" },
    h("h1", {}, t("reset.title")),
    h("p", {}, t("reset.intro")),
    resetForm,
    again,
  );
}

async function confirm(ctx) {
  const token = takeToken(ctx);
  const home = h("p", {}, h("a", { href: "/" }, t("confirm.home")));
  let said = statusMessage(t("error.account_token_unknown"), "error");
  if (token) {
    try {
      const done = await api("POST", `/email-confirmations/${encodeURIComponent(token)}`);
      if (session.signedIn()) await session.refresh(done.position).catch(() => {});
      said = statusMessage(t("confirm.done"));
    } catch (error) {
      said = statusMessage(errorText(error), "error");
    }
  }
  return h("section", { class: "panel narrow" }, h("h1", {}, t("confirm.title")), said, home);
}

let bannerNote = "";

function banner(container, { signedIn }) {
  const me = session.current();
  if (!signedIn || !me || me.email_confirmed !== false) return;
  const note = h("p", { "aria-live": "polite" }, bannerNote);
  const resend = h(
    "button",
    {
      type: "button",
      class: "button-quiet",
      onclick: async () => {
        resend.disabled = true;
        try {
          await api("POST", "/me/email-confirmation");
          bannerNote = t("banner.sent");
        } catch (error) {
          bannerNote = errorText(error);
        }
        refreshFrame();
      },
    },
    t("banner.resend"),
  );
  container.replaceChildren(
    h("div", { class: "account-banner" }, h("div", {}, h("p", {}, t("banner.text")), resend, note)),
  );
}

export default {
  messages,
  screens: [
    { path: "/forgot-password", title: "forgot.title", access: "guest", render: forgot },
    { path: "/password-reset", title: "reset.title", access: "any", render: reset },
    { path: "/email-confirmation", title: "confirm.title", access: "any", render: confirm },
  ],
  slots: { "account-banner": banner },
};
