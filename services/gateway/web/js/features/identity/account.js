// "/sign-up" and "/sign-in": creating an account and opening a session.
import { api } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { field, form } from "../../core/forms.js";
import { language, t } from "../../core/i18n.js";
import { limit } from "../../core/limits.js";
import { safeNext } from "../../core/router.js";
import * as session from "../../core/session.js";

const messages = {
  fr: {
    "signup.title": "Créer un compte",
    "signup.nav": "Créer un compte",
    "signup.intro":
      "Un compte suffit pour rejoindre votre quartier une fois votre adresse vérifiée.",
    "signup.display_name": "Nom affiché",
    "signup.display_name_hint": "Vos voisins verront ce nom, par exemple « Camille D. ».",
    "signup.email": "Adresse e-mail",
    "signup.password": "Mot de passe",
    "signup.password_hint": "Au moins 10 caractères.",
    "signup.submit": "Créer mon compte",
    "signup.done": "Votre compte est créé. Connectez-vous pour continuer.",
    "signup.have_account": "Déjà un compte ?",
    "signin.title": "Se connecter",
    "signin.nav": "Se connecter",
    "signin.email": "Adresse e-mail",
    "signin.password": "Mot de passe",
    "signin.submit": "Se connecter",
    "signin.no_account": "Pas encore de compte ?",
  },
  en: {
    "signup.title": "Create an account",
    "signup.nav": "Create an account",
    "signup.intro":
      "One account is all you need to join your neighbourhood once your address is verified.",
    "signup.display_name": "Display name",
    "signup.display_name_hint": "Your neighbours will see this name, for instance “Camille D.”.",
    "signup.email": "E-mail address",
    "signup.password": "Password",
    "signup.password_hint": "At least 10 characters.",
    "signup.submit": "Create my account",
    "signup.done": "Your account is ready. Sign in to go on.",
    "signup.have_account": "Already have an account?",
    "signin.title": "Sign in",
    "signin.nav": "Sign in",
    "signin.email": "E-mail address",
    "signin.password": "Password",
    "signin.submit": "Sign in",
    "signin.no_account": "No account yet?",
  },
};

// Carried from sign-up to sign-in in memory only: an e-mail never goes into a URL.
let justSignedUp = "";

function signUp(ctx) {
  const signUpForm = form({
    label: t("signup.title"),
    submit: t("signup.submit"),
    fields: [
      field({
        name: "display_name",
        label: t("signup.display_name"),
        hint: t("signup.display_name_hint"),
        required: true,
        autocomplete: "nickname",
        maxlength: limit("invalid_profile", "max_display_name"),
      }),
      field({
        name: "email",
        label: t("signup.email"),
        type: "email",
        required: true,
        autocomplete: "email",
      }),
      field({
        name: "password",
        label: t("signup.password"),
        hint: t("signup.password_hint"),
        type: "password",
        required: true,
        autocomplete: "new-password",
      }),
    ],
    codeFields: { email_taken: "email", invalid_email: "email", password_too_weak: "password" },
    onSubmit: async (values) => {
      await api("POST", "/residents", {
        json: {
          email: values.email,
          password: values.password,
          display_name: values.display_name,
          language: language(),
        },
      });
      justSignedUp = values.email;
      ctx.flash(t("signup.done"));
      await ctx.navigate(
        `/sign-in${ctx.query.get("next") ? `?next=${encodeURIComponent(ctx.query.get("next"))}` : ""}`,
      );
    },
  });
  return h(
    "section",
    { class: "panel narrow" },
    h("h1", {}, t("signup.title")),
    h("p", {}, t("signup.intro")),
    signUpForm,
    h("p", {}, `${t("signup.have_account")} `, h("a", { href: "/sign-in" }, t("signin.title"))),
  );
}

function signIn(ctx) {
  const signInForm = form({
    label: t("signin.title"),
    submit: t("signin.submit"),
    fields: [
      field({
        name: "email",
        label: t("signin.email"),
        type: "email",
        required: true,
        autocomplete: "username",
        value: justSignedUp || null,
      }),
      field({
        name: "password",
        label: t("signin.password"),
        type: "password",
        required: true,
        autocomplete: "current-password",
      }),
    ],
    onSubmit: async (values) => {
      await session.signIn(values.email, values.password);
      justSignedUp = "";
      await ctx.navigate(safeNext(ctx.query.get("next"), "/"));
    },
  });
  return h(
    "section",
    { class: "panel narrow" },
    h("h1", {}, t("signin.title")),
    signInForm,
    h("p", {}, h("a", { href: "/forgot-password" }, t("forgot.link"))),
    h("p", {}, `${t("signin.no_account")} `, h("a", { href: "/sign-up" }, t("signup.title"))),
  );
}

export default {
  messages,
  screens: [
    {
      path: "/sign-up",
      title: "signup.title",
      access: "guest",
      nav: { label: "signup.nav", order: 10 },
      render: signUp,
    },
    {
      path: "/sign-in",
      title: "signin.title",
      access: "guest",
      nav: { label: "signin.nav", order: 20 },
      render: signIn,
    },
  ],
};
