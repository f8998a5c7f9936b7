// Accessible forms: a label on every input, hints and errors tied with aria-describedby,
// aria-invalid on wrong fields, and a role="alert" region for what is not about one field.
import { ApiError } from "./api.js";
import { h, uniqueId } from "./dom.js";
import { errorText, fieldText } from "./errors.js";
import { t } from "./i18n.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A labelled input (or textarea with type "textarea"), with its hint and error slots. */
export function field({ name, label, type = "text", hint, required = false, optional, ...attrs }) {
  const id = uniqueId(`f-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const control =
    type === "textarea"
      ? h("textarea", { id, name, required, "aria-describedby": hintId, ...attrs })
      : h("input", { id, name, type, required, "aria-describedby": hintId, ...attrs });
  return h(
    "div",
    { class: "field", "data-field": name },
    h(
      "label",
      { for: id },
      label,
      optional ? h("span", { class: "optional" }, ` ${t("form.optional")}`) : null,
    ),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
    control,
  );
}

/** A fieldset of radio buttons: options [{value, label, hint?}]. */
export function radioGroup({ name, legend, options, value }) {
  const groupId = uniqueId(`f-${name}`);
  return h(
    "fieldset",
    { class: "field radios", "data-field": name, id: groupId },
    h("legend", {}, legend),
    h("p", { class: "field-error", id: `${groupId}-error`, hidden: true }),
    options.map((option) => {
      const id = uniqueId(`${groupId}-${option.value}`);
      const hintId = option.hint ? `${id}-hint` : null;
      return h(
        "div",
        { class: "radio" },
        h("input", {
          type: "radio",
          id,
          name,
          value: option.value,
          checked: option.value === value,
          "aria-describedby": hintId,
        }),
        h("label", { for: id }, option.label),
        option.hint ? h("p", { class: "hint", id: hintId }, option.hint) : null,
      );
    }),
  );
}

/**
 * A form that checks required and e-mail fields, then awaits onSubmit(values, form).
 * An ApiError thrown by onSubmit is shown: its fields next to the fields, the rest in the
 * alert region. codeFields maps an error code to the field it is about when the server names
 * none (e.g. {wrong_code: "code"}).
 */
export function form({ label, fields, submit, onSubmit, codeFields = {}, after = [], ...attrs }) {
  const alert = h("div", { class: "form-alert", role: "alert" });
  const button = h("button", { type: "submit", class: "button" }, submit);
  const el = h(
    "form",
    { novalidate: true, "aria-label": label, ...attrs },
    alert,
    fields,
    h("div", { class: "actions" }, button),
    after,
  );
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(el);
    if (!checkFields(el)) return;
    el.setAttribute("aria-busy", "true");
    button.disabled = true;
    try {
      await onSubmit(values(el), el);
    } catch (error) {
      showError(el, error, codeFields);
    } finally {
      el.removeAttribute("aria-busy");
      button.disabled = false;
    }
  });
  return el;
}

export function values(el) {
  const out = {};
  for (const [key, value] of new FormData(el))
    out[key] = typeof value === "string" ? value.trim() : value;
  return out;
}

function checkFields(el) {
  let ok = true;
  for (const control of el.querySelectorAll("input, textarea, select")) {
    if (control.type === "radio" || control.type === "hidden" || control.type === "submit")
      continue;
    const value = control.type === "file" ? control.files.length : control.value.trim();
    let problem = null;
    if (control.required && !value) problem = t("form.required");
    else if (control.type === "email" && value && !EMAIL.test(value))
      problem = t("form.invalid_email");
    if (problem) {
      fieldError(el, control.name, problem);
      ok = false;
    }
  }
  if (!ok) finishFieldErrors(el);
  return ok;
}

/** Put message next to the field called name; false when the form has no such field. */
export function fieldError(el, name, message) {
  const box = el.querySelector(`[data-field="${CSS.escape(name)}"]`);
  if (!box) return false;
  const error = box.querySelector(".field-error");
  error.textContent = message;
  error.hidden = false;
  const targets = box.matches("fieldset") ? [box] : box.querySelectorAll("input, textarea, select");
  for (const target of targets) {
    target.setAttribute("aria-invalid", "true");
    const described = (target.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!described.includes(error.id)) described.unshift(error.id);
    target.setAttribute("aria-describedby", described.join(" "));
  }
  return true;
}

function finishFieldErrors(el) {
  el.querySelector(".form-alert").textContent = t("form.check_fields");
  el.querySelector(
    '[aria-invalid="true"]:not(fieldset), fieldset[aria-invalid="true"] input',
  )?.focus();
}

export function clearErrors(el) {
  el.querySelector(".form-alert").replaceChildren();
  for (const error of el.querySelectorAll(".field-error")) {
    const box = error.closest("[data-field]");
    const targets = box.matches("fieldset")
      ? [box]
      : box.querySelectorAll("input, textarea, select");
    for (const target of targets) {
      target.removeAttribute("aria-invalid");
      const rest = (target.getAttribute("aria-describedby") || "")
        .split(" ")
        .filter((id) => id && id !== error.id);
      if (rest.length) target.setAttribute("aria-describedby", rest.join(" "));
      else target.removeAttribute("aria-describedby");
    }
    error.textContent = "";
    error.hidden = true;
  }
}

/** Show any error thrown by a submission (an ApiError or not). */
export function showError(el, error, codeFields = {}) {
  if (!(error instanceof ApiError)) {
    el.querySelector(".form-alert").textContent = t("error.generic");
    return;
  }
  let placed = false;
  for (const [name, messages] of Object.entries(error.fields || {})) {
    placed = fieldError(el, name, fieldText(error, messages)) || placed;
  }
  if (!placed && codeFields[error.code]) {
    placed = fieldError(el, codeFields[error.code], errorText(error));
  }
  const alert = el.querySelector(".form-alert");
  if (placed) finishFieldErrors(el);
  else if (error.code === "validation_failed")
    alert.textContent = t("error.validation_failed.unplaced");
  else alert.textContent = errorText(error);
}

/** A role="status" message (success, progress), announced without moving focus. */
export function statusMessage(text, kind = "success") {
  return h("p", { class: `notice notice-${kind}`, role: "status" }, text);
}
