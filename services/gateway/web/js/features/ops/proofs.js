// "/ops/proofs": the proofs of address awaiting review, oldest first, for operators: each
// document shown (an image in the page, a PDF by a link), approved or rejected with a reason
// the resident reads.
import { ApiError } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { field, form } from "../../core/forms.js";
import { formatDateTime, t } from "../../core/i18n.js";
import { documentUrl, ops } from "./api.js";
import { page } from "./pages.js";

function documentView(proof) {
  const url = documentUrl(proof.document_id);
  if (proof.content_type.startsWith("image/")) {
    return h(
      "a",
      { href: url, target: "_blank", rel: "noopener", class: "ops-document" },
      h("img", { src: url, alt: t("ops.proofs.document_alt"), loading: "lazy" }),
    );
  }
  return h("a", { href: url, target: "_blank", rel: "noopener" }, t("ops.proofs.open_document"));
}

function decisionForm(ctx, proof) {
  const choice = (value) =>
    h(
      "div",
      { class: "radio" },
      h("input", {
        type: "radio",
        id: `decision-${value}-${proof.document_id}`,
        name: "decision",
        value,
        checked: value === "approve",
      }),
      h("label", { for: `decision-${value}-${proof.document_id}` }, t(`ops.proofs.${value}`)),
    );
  return form({
    label: t("ops.proofs.decide_named", { id: proof.document_id }),
    submit: t("ops.proofs.decide"),
    fields: [
      h(
        "fieldset",
        { class: "field radios", "data-field": "decision" },
        h("legend", {}, t("ops.proofs.decision")),
        h("p", { class: "field-error", hidden: true }),
        choice("approve"),
        choice("reject"),
      ),
      field({
        name: "reason",
        type: "textarea",
        label: t("ops.proofs.reason"),
        hint: t("ops.proofs.reason_hint"),
        rows: 2,
      }),
    ],
    onSubmit: async ({ decision, reason }) => {
      if (decision === "reject" && !reason) {
        // Said here, in the page's language, before the server would say it in English.
        const said = t("ops.proofs.reason_required");
        throw new ApiError(422, "validation_failed", said, { reason: [said] });
      }
      await ops.decide(proof.document_id, decision, reason);
      ctx.flash(t(decision === "approve" ? "ops.proofs.approved" : "ops.proofs.rejected"));
      await ctx.rerender();
    },
  });
}

function proofItem(ctx, proof) {
  return h(
    "li",
    { class: "ops-proof" },
    h("h2", {}, t("ops.proofs.of_resident", { id: proof.resident_id })),
    h(
      "p",
      { class: "hint" },
      t("ops.proofs.sent", {
        when: formatDateTime(proof.submitted_at),
        kind: proof.content_type,
        kb: Math.ceil(proof.size_bytes / 1024),
      }),
    ),
    documentView(proof),
    decisionForm(ctx, proof),
  );
}

async function render(ctx) {
  const { proofs } = await ops.proofs();
  return page(
    "/ops/proofs",
    "ops.proofs.title",
    proofs.length
      ? h(
          "ol",
          { class: "ops-proofs" },
          proofs.map((proof) => proofItem(ctx, proof)),
        )
      : h("p", {}, t("ops.proofs.none")),
  );
}

export default {
  screens: [{ path: "/ops/proofs", title: "ops.proofs.title", access: "operator", render }],
};
