// "/me/address": declare the home address, then prove it: the code of the letter posted
// there, or (for an address the address base does not know) a proof document.
import { api, ApiError } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { clearErrors, field, form, showError } from "../../core/forms.js";
import { formatDateTime, t } from "../../core/i18n.js";
import { limit } from "../../core/limits.js";
import * as session from "../../core/session.js";
import messages from "./address-messages.js";

const DOCUMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"];
const DOCUMENT_FIELD = {
  document_too_large: "document",
  payload_too_large: "document",
  unsupported_document_type: "document",
  unsupported_media_type: "document",
};
const CODE_FIELD = {
  wrong_code: "code",
  code_expired: "code",
  too_many_attempts: "code",
  code_for_another_letter: "code",
};

function render(ctx) {
  const address = session.current().address || { status: "unverified" };
  const panel = h("section", { class: "panel narrow" }, h("h1", {}, t("address.title")));
  if (address.status === "verified") {
    panel.append(
      h(
        "p",
        { class: "notice notice-success" },
        address.verified_at
          ? t("address.verified", { date: formatDateTime(address.verified_at) })
          : t("address.verified_plain"),
      ),
      moving(ctx, "address.moved"),
    );
  } else if (address.status === "pending_letter") {
    panel.append(...letter(ctx, address), moving(ctx, "address.other"));
  } else if (address.status === "pending_document") {
    panel.append(
      h("p", { class: "notice notice-success" }, t("address.under_review")),
      h(
        "details",
        { class: "more" },
        h("summary", {}, t("address.another_document")),
        ...proof(ctx),
      ),
      moving(ctx, "address.other"),
    );
  } else if (awaitingProof()) {
    panel.append(...proof(ctx), moving(ctx, "address.other"));
  } else {
    panel.append(h("p", {}, t("address.intro")), declareForm(ctx));
  }
  return panel;
}

// An address declared for review stays "unverified" until its document arrives: remember, for
// this tab, that the next step is the upload (by resident, should another sign in here).
const AWAITING_PROOF = "quartier.awaiting-proof";

function awaitingProof() {
  try {
    return window.sessionStorage.getItem(AWAITING_PROOF) === session.current().resident_id;
  } catch {
    return false;
  }
}

function setAwaitingProof(awaiting) {
  try {
    if (awaiting) window.sessionStorage.setItem(AWAITING_PROOF, session.current().resident_id);
    else window.sessionStorage.removeItem(AWAITING_PROOF);
  } catch {
    // without storage, a reload shows the declaration form again: declaring again is harmless
  }
}

function moving(ctx, summary) {
  return h("details", { class: "more" }, h("summary", {}, t(summary)), declareForm(ctx));
}

function declareForm(ctx) {
  let declared = null;
  const offerButton = h(
    "button",
    { type: "button", class: "button button-secondary" },
    t("address.use_document"),
  );
  const offer = h(
    "div",
    { class: "offer", hidden: true },
    h("p", {}, t("address.document_offer")),
    offerButton,
  );
  const declaration = form({
    label: t("address.declare"),
    submit: t("address.submit"),
    fields: [
      field({
        name: "line",
        label: t("address.line"),
        hint: t("address.line_hint"),
        required: true,
        autocomplete: "address-line1",
        maxlength: limit("address_incomplete", "max_line"),
      }),
      field({
        name: "postcode",
        label: t("address.postcode"),
        required: true,
        autocomplete: "postal-code",
        inputmode: "numeric",
        maxlength: 5, // a French postcode: the form's format, not a rule of the server
        class: "short",
      }),
      field({
        name: "city",
        label: t("address.city"),
        required: true,
        autocomplete: "address-level2",
        maxlength: limit("address_incomplete", "max_city"),
      }),
      h("p", { class: "country" }, t("address.country")),
    ],
    codeFields: { address_incomplete: "line" },
    after: [offer],
    onSubmit: async (values) => {
      offer.hidden = true;
      try {
        await declare(ctx, values, "letter", "address.letter_sent");
      } catch (error) {
        if (error instanceof ApiError && error.code === "address_unknown") {
          declared = values;
          offer.hidden = false;
        }
        throw error;
      }
    },
  });
  // The same address again, for a person to check against a proof document.
  offerButton.addEventListener("click", async () => {
    clearErrors(declaration);
    offerButton.disabled = true;
    try {
      await declare(ctx, declared, "document", "address.send_proof_now");
    } catch (error) {
      offerButton.disabled = false;
      showError(declaration, error);
    }
  });
  return declaration;
}

async function declare(ctx, values, method, done) {
  const { line, postcode, city } = values;
  const answer = await api("PUT", "/me/address", {
    json: { line, postcode, city, country: "FR", method },
  });
  setAwaitingProof(method === "document");
  await session.refresh(answer?.position);
  ctx.flash(t(done));
  await ctx.rerender();
}

function letter(ctx, address) {
  const attempts = h("p", { class: "attempts", "aria-live": "polite" });
  let shownAttempts = null;
  const showAttempts = (left) => {
    shownAttempts = typeof left === "number" ? left : null;
    attempts.textContent =
      shownAttempts === null ? "" : t("address.attempts_left", { n: shownAttempts });
  };
  showAttempts(address.attempts_left);
  const codeForm = form({
    label: t("address.code_form"),
    submit: t("address.verify"),
    fields: [
      field({
        name: "code",
        label: t("address.code"),
        hint: t("address.code_hint"),
        required: true,
        autocomplete: "one-time-code",
        autocapitalize: "characters",
        spellcheck: "false",
        maxlength: limit("wrong_code", "max_length"),
        class: "code",
      }),
    ],
    codeFields: CODE_FIELD,
    onSubmit: async (values) => {
      let answer;
      try {
        answer = await api("POST", "/me/address/verification", { json: { code: values.code } });
      } catch (error) {
        if (error instanceof ApiError && error.code === "wrong_code") {
          // A wrong code always costs one attempt, even when the read model lags behind.
          const before = shownAttempts;
          const me = await session.refresh().catch(() => null);
          const now =
            typeof me?.address?.attempts_left === "number" ? me.address.attempts_left : null;
          if (before === null) showAttempts(now);
          else showAttempts(now !== null && now < before ? now : Math.max(0, before - 1));
        }
        throw error;
      }
      await session.refresh(answer?.position);
      ctx.flash(t("address.verified_now"));
      await ctx.rerender();
    },
  });
  const expires = address.letter_expires_at
    ? t("address.letter_expires", { date: formatDateTime(address.letter_expires_at) })
    : "";
  return [h("p", {}, t("address.letter_posted"), " ", expires), attempts, codeForm];
}

function proof(ctx) {
  const proofForm = form({
    label: t("address.proof_form"),
    submit: t("address.upload"),
    fields: [
      field({
        name: "document",
        label: t("address.document"),
        hint: t("address.document_hint"),
        type: "file",
        required: true,
        accept: DOCUMENT_TYPES.join(","),
      }),
    ],
    codeFields: DOCUMENT_FIELD,
    onSubmit: async (values) => {
      const file = values.document;
      if (file.size > limit("document_too_large", "max_mib") * 2 ** 20)
        throw new ApiError(0, "document_too_large", "");
      if (!DOCUMENT_TYPES.includes(file.type))
        throw new ApiError(0, "unsupported_document_type", "");
      const body = new FormData();
      body.append("document", file, file.name);
      const answer = await api("POST", "/me/address/proof", { form: body });
      setAwaitingProof(false);
      await session.refresh(answer?.position);
      ctx.flash(t("address.proof_received"));
      await ctx.rerender();
    },
  });
  return [
    h("p", {}, t("address.document_intro")),
    h("p", {}, t("address.document_review")),
    proofForm,
  ];
}

export default {
  messages,
  screens: [
    {
      path: "/me/address",
      title: "address.title",
      access: "resident",
      nav: { label: "address.nav", order: 20 },
      render,
    },
  ],
};
