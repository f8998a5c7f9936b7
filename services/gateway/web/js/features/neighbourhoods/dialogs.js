// Confirmations of the neighbourhood screens: a native modal <dialog> (focus stays inside,
// Escape closes it, Cancel comes first), with a reason to write when the decision needs one.
import { h, uniqueId } from "../../core/dom.js";
import { field, form } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { limit } from "../../core/limits.js";

/**
 * confirmDialog({heading, text, confirm, reason: {label, hint, required}?, onConfirm(reason)})
 * -> {dialog, open(opener)}. onConfirm's ApiError is shown inside the dialog; on success the
 * dialog closes (the screen usually re-renders).
 */
export function confirmDialog({ heading, text, confirm, reason, danger = true, onConfirm }) {
  const id = uniqueId("dialog");
  const cancel = h(
    "button",
    { type: "button", class: "button button-secondary" },
    t("hood.cancel"),
  );
  const fields = [
    text ? h("p", { id: `${id}-text` }, text) : null,
    reason
      ? field({
          name: "reason",
          label: reason.label,
          hint: reason.hint,
          type: "textarea",
          required: Boolean(reason.required),
          optional: !reason.required,
          maxlength: limit("note_too_long", "max_length"),
          rows: 3,
        })
      : null,
  ];
  const decision = form({
    label: heading,
    submit: confirm,
    fields,
    codeFields: { reason_required: "reason", note_too_long: "reason" },
    onSubmit: async (values) => {
      await onConfirm(values.reason || "");
      dialog.close();
    },
  });
  const submit = decision.querySelector('button[type="submit"]');
  if (danger) submit.classList.add("button-danger");
  decision.querySelector(".actions").prepend(cancel);
  const dialog = h(
    "dialog",
    {
      class: "dialog",
      "aria-labelledby": `${id}-heading`,
      "aria-describedby": text ? `${id}-text` : null,
    },
    h("h2", { id: `${id}-heading` }, heading),
    decision,
  );
  let opener = null;
  cancel.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    if (opener?.isConnected) opener.focus();
  });
  return {
    dialog,
    open(from) {
      opener = from || null;
      dialog.showModal();
      (dialog.querySelector("textarea") || cancel).focus();
    },
  };
}

/** A button that opens a confirmation: [button, dialog] to put in the page. */
export function confirmButton(label, options, className = "button button-danger") {
  const { dialog, open } = confirmDialog(options);
  const button = h("button", { type: "button", class: className }, label);
  button.addEventListener("click", () => open(button));
  return [button, dialog];
}
