// "/me/data": download everything held about me, or erase my account (after a confirmation
// with my password).
import { api } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { errorText } from "../../core/errors.js";
import { clearErrors, field, fieldError, showError, values } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import * as session from "../../core/session.js";

const messages = {
  fr: {
    "data.title": "Mes données",
    "data.nav": "Mes données",
    "data.export_heading": "Exporter mes données",
    "data.export_text":
      "Téléchargez tout ce que Quartier conserve à votre sujet, dans un fichier JSON.",
    "data.export": "Télécharger mes données",
    "data.exported": "Vos données sont téléchargées.",
    "data.erase_heading": "Supprimer mon compte",
    "data.erase_text":
      "Votre compte et vos données personnelles seront effacés définitivement. Vous serez déconnecté partout.",
    "data.erase": "Supprimer mon compte…",
    "data.confirm_heading": "Supprimer votre compte ?",
    "data.confirm_text":
      "Cette action est définitive : vos données personnelles ne pourront pas être récupérées.",
    "data.password": "Votre mot de passe",
    "data.password_hint": "Pour confirmer que c’est bien vous.",
    "data.confirm": "Oui, supprimer définitivement",
    "data.cancel": "Annuler",
    "data.erased": "Votre compte est supprimé. Merci d’avoir fait partie de Quartier.",
  },
  en: {
    "data.title": "My data",
    "data.nav": "My data",
    "data.export_heading": "Export my data",
    "data.export_text": "Download everything Quartier holds about you, as a JSON file.",
    "data.export": "Download my data",
    "data.exported": "Your data is downloaded.",
    "data.erase_heading": "Erase my account",
    "data.erase_text":
      "Your account and your personal data will be erased for good. You will be signed out everywhere.",
    "data.erase": "Erase my account…",
    "data.confirm_heading": "Erase your account?",
    "data.confirm_text": "This cannot be undone: your personal data cannot be recovered.",
    "data.password": "Your password",
    "data.password_hint": "To confirm that it is you.",
    "data.confirm": "Yes, erase for good",
    "data.cancel": "Cancel",
    "data.erased": "Your account is erased. Thank you for having been part of Quartier.",
  },
};

function render(ctx) {
  const exportStatus = h("div", { class: "form-alert", role: "alert" });
  const exportDone = h("div", { role: "status" });
  const exportButton = h("button", { type: "button", class: "button" }, t("data.export"));
  exportButton.addEventListener("click", async () => {
    exportStatus.replaceChildren();
    exportDone.replaceChildren();
    exportButton.disabled = true;
    try {
      const data = await api("GET", "/me/export");
      saveJson(data, "quartier-export.json");
      exportDone.textContent = t("data.exported");
    } catch (error) {
      exportStatus.textContent = errorText(error);
    } finally {
      exportButton.disabled = false;
    }
  });
  const dialog = confirmDialog(ctx);
  const eraseButton = h(
    "button",
    { type: "button", class: "button button-danger" },
    t("data.erase"),
  );
  eraseButton.addEventListener("click", () => dialog.showModal());
  return h(
    "div",
    { class: "panel narrow" },
    h("h1", {}, t("data.title")),
    h(
      "section",
      { "aria-labelledby": "export-heading" },
      h("h2", { id: "export-heading" }, t("data.export_heading")),
      h("p", {}, t("data.export_text")),
      exportStatus,
      exportDone,
      exportButton,
    ),
    h(
      "section",
      { "aria-labelledby": "erase-heading", class: "danger-zone" },
      h("h2", { id: "erase-heading" }, t("data.erase_heading")),
      h("p", {}, t("data.erase_text")),
      eraseButton,
      dialog,
    ),
  );
}

/**
 * A native modal <dialog>: it keeps focus inside, Escape closes it, and Cancel comes before
 * the grave button. The password is asked again (a wrong one counts as a failed sign-in and
 * erases nothing), so that a session left open cannot erase the account.
 */
function confirmDialog(ctx) {
  const cancel = h(
    "button",
    { type: "button", class: "button button-secondary" },
    t("data.cancel"),
  );
  const confirm = h("button", { type: "submit", class: "button button-danger" }, t("data.confirm"));
  const password = field({
    name: "password",
    label: t("data.password"),
    hint: t("data.password_hint"),
    type: "password",
    required: true,
    autocomplete: "current-password",
  });
  const confirmForm = h(
    "form",
    { novalidate: true, "aria-label": t("data.confirm_heading") },
    h("div", { class: "form-alert", role: "alert" }),
    password,
    h("div", { class: "actions" }, cancel, confirm),
  );
  const dialog = h(
    "dialog",
    { class: "dialog", "aria-labelledby": "confirm-heading", "aria-describedby": "confirm-text" },
    h("h2", { id: "confirm-heading" }, t("data.confirm_heading")),
    h("p", { id: "confirm-text" }, t("data.confirm_text")),
    confirmForm,
  );
  cancel.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    confirmForm.reset();
    clearErrors(confirmForm);
  });
  confirmForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(confirmForm);
    const typed = values(confirmForm).password; // as the sign-in form reads it
    if (!typed) {
      fieldError(confirmForm, "password", t("form.required"));
      confirmForm.elements.password.focus();
      return;
    }
    confirm.disabled = true;
    try {
      await api("DELETE", "/me", { json: { password: typed } });
      dialog.close();
      session.forget();
      ctx.flash(t("data.erased"));
      await ctx.navigate("/");
    } catch (error) {
      showError(confirmForm, error, { current_password_wrong: "password" });
    } finally {
      confirm.disabled = false;
    }
  });
  return dialog;
}

function saveJson(data, filename) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default {
  messages,
  screens: [
    {
      path: "/me/data",
      title: "data.title",
      access: "resident",
      nav: { label: "data.nav", order: 30 },
      render,
    },
  ],
};
