// "/neighbourhoods/:id/listings/new": post a listing. The category comes first (each has its
// own form: its details' fields appear below it), then the kind the category allows, the
// title, the description, the details, the photos and an optional end date.
// "/listings/:id/edit": its author changes the title, description, details and photos.
import { ApiError } from "../../core/api.js";
import { h } from "../../core/dom.js";
import { field, form, radioGroup } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { listingErrorText, listings, myHoods, myId } from "./api.js";
import { boardPath } from "./board.js";
import { listingPath } from "./cards.js";
import { fieldBox, formValues, readDetails } from "./categories.js";
import { checkboxes, detailsFields, formMap } from "./details-form.js";
import { limit, saying } from "./limits.js";
import { photoPicker } from "./photos.js";
import { CATEGORIES, kindsOf } from "./vocabulary.js";

const WAITING = ["too_many_listings", "too_many_alerts"];

function textFields(listing = {}) {
  return [
    field({
      name: "title",
      label: t("listing.field.title"),
      hint: saying("listing.title_hint", {
        min: limit("invalid_title", "min_length"),
        max: limit("invalid_title", "max_length"),
      }),
      required: true,
      minlength: limit("invalid_title", "min_length"),
      maxlength: limit("invalid_title", "max_length"),
      value: listing.title || "",
      autocomplete: "off",
    }),
    field({
      name: "description",
      label: t("listing.field.description"),
      hint: saying("listing.description_hint", {
        max: limit("invalid_listing_description", "max_length"),
      }),
      type: "textarea",
      rows: 5,
      optional: true,
      maxlength: limit("invalid_listing_description", "max_length"),
      value: listing.description || "",
    }),
  ];
}

/** The details typed, or an ApiError placing each problem next to its field. */
function detailsOf(category, el) {
  const { details, problems } = readDetails(category, formMap(el));
  const fields = Object.fromEntries(
    Object.entries(problems).map(([name, code]) => [name, [t(`listing.problem.${code}`)]]),
  );
  if (Object.keys(fields).length) throw new ApiError(0, "validation_failed", "", fields);
  return details;
}

/** The server's field names placed on the boxes that show them ("details.from.lat"). */
async function placed(call) {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const fields = {};
    for (const [name, messages] of Object.entries(error.fields || {})) {
      fields[fieldBox(name)] = [...(fields[fieldBox(name)] || []), ...[messages].flat()];
    }
    error.fields = fields;
    throw error;
  }
}

export function expiryField() {
  return field({
    name: "expires_on",
    label: t("listing.field.expires_at"),
    hint: saying("listing.expiry_hint", { max_days: limit("invalid_expiry", "max_days") }),
    type: "date",
    optional: true,
    class: "short",
  });
}

/** A date input's "2026-12-31" -> the end of that day in the resident's time, ISO; or null. */
export function endOfDay(text) {
  if (!text) return null;
  const date = new Date(`${text}T23:59:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A daily limit says which one and when it resets (the form's own text would not). */
function limitAlert(el, error) {
  if (!(error instanceof ApiError && WAITING.includes(error.code))) return false;
  el.querySelector(".form-alert").textContent = listingErrorText(error);
  return true;
}

/** My other neighbourhoods, where the same listing may be shown too (null when none). */
function alsoIn(hoodId) {
  const others = myHoods().filter((n) => n.neighbourhood_id !== hoodId);
  if (!others.length) return null;
  return checkboxes({
    name: "also_in",
    legend: t("listing.also_in"),
    hint: t("listing.also_in_hint"),
    checked: [],
    options: others.map((n) => ({ value: n.neighbourhood_id, label: n.name })),
  });
}

async function renderNew(ctx) {
  const hoodId = ctx.params.id;
  const hood = myHoods().find((n) => n.neighbourhood_id === hoodId);
  const title = hood ? t("listing.post_in", { name: hood.name }) : t("listing.post_title");
  document.title = `${title} · ${t("app.name")}`;
  const panel = h("section", { class: "panel" }, h("h1", {}, title));
  let category = CATEGORIES.includes(ctx.query.get("category")) ? ctx.query.get("category") : "";
  const kinds = h("div", {});
  const detailsBox = h("div", { class: "listing-details-fields" });
  const photos = photoPicker();

  function choose(next) {
    category = next;
    const allowed = kindsOf(category);
    kinds.replaceChildren(
      radioGroup({
        name: "kind",
        legend: t("listing.kind_label"),
        value: allowed.length === 1 ? allowed[0] : "",
        options: allowed.map((kind) => ({
          value: kind,
          label: t(`listing.kind.${kind}`),
          hint: t(`listing.kind_hint.${kind}`),
        })),
      }),
    );
    detailsBox.replaceChildren(
      h(
        "fieldset",
        { class: "group" },
        h("legend", {}, t("listing.details_of", { category: t(`listing.category.${category}`) })),
        detailsFields(category),
      ),
    );
  }

  const categories = radioGroup({
    name: "category",
    legend: t("listing.category_label"),
    value: category,
    options: CATEGORIES.map((value) => ({
      value,
      label: t(`listing.category.${value}`),
      hint: t(`listing.category_hint.${value}`),
    })),
  });
  categories.addEventListener("change", (event) => {
    if (event.target.name === "category") choose(event.target.value);
  });

  const posting = form({
    label: title,
    submit: t("listing.publish"),
    fields: [
      categories,
      kinds,
      ...textFields(),
      detailsBox,
      photos.element,
      expiryField(),
      alsoIn(hoodId),
    ],
    onSubmit: async (values, el) => {
      if (!category)
        throw new ApiError(0, "validation_failed", "", {
          category: [t("listing.problem.category")],
        });
      if (!values.kind)
        throw new ApiError(0, "validation_failed", "", { kind: [t("listing.problem.kind")] });
      const details = detailsOf(category, el);
      const body = {
        kind: values.kind,
        category,
        title: values.title,
        description: values.description || "",
        details,
        photos: await photos.ids(),
      };
      const expires = endOfDay(values.expires_on);
      if (expires) body.expires_at = expires;
      const also = formMap(el).also_in || [];
      if (also.length) body.also_in = also;
      let answer;
      try {
        answer = await placed(() => listings.publish(hoodId, body));
      } catch (error) {
        if (limitAlert(el, error)) return;
        throw error;
      }
      ctx.flash(t("listing.published_done"));
      await ctx.navigate(listingPath(answer.listing_id));
    },
    codeFields: { kind_not_in_category: "kind", invalid_expiry: "expires_on" },
  });
  if (category) choose(category);
  panel.append(
    h("p", {}, t("listing.post_intro")),
    posting,
    h("p", {}, h("a", { href: boardPath(hoodId) }, t("listing.back_to_board"))),
  );
  return panel;
}

async function renderEdit(ctx) {
  const listing = await listings.get(ctx.params.id);
  const panel = h("section", { class: "panel" }, h("h1", {}, t("listing.edit_title")));
  if (listing.author?.resident_id !== myId()) {
    panel.append(h("p", { class: "notice" }, t("error.not_the_author")));
    return panel;
  }
  const photos = photoPicker({ photoIds: listing.photos || [] });
  const editing = form({
    label: t("listing.edit_title"),
    submit: t("listing.save"),
    fields: [
      h(
        "p",
        {},
        t("listing.edit_of", {
          kind: t(`listing.kind.${listing.kind}`),
          category: t(`listing.category.${listing.category}`),
        }),
      ),
      ...textFields(listing),
      h(
        "fieldset",
        { class: "group" },
        h(
          "legend",
          {},
          t("listing.details_of", { category: t(`listing.category.${listing.category}`) }),
        ),
        detailsFields(listing.category, formValues(listing.category, listing.details)),
      ),
      photos.element,
    ],
    onSubmit: async (values, el) => {
      const body = {
        title: values.title,
        description: values.description || "",
        details: detailsOf(listing.category, el),
        photos: await photos.ids(),
      };
      await placed(() => listings.edit(listing.listing_id, body));
      ctx.flash(t("listing.saved"));
      await ctx.navigate(listingPath(listing.listing_id));
    },
  });
  panel.append(
    editing,
    h("p", {}, h("a", { href: listingPath(listing.listing_id) }, t("listing.back_to_listing"))),
  );
  return panel;
}

export const postScreen = {
  path: "/neighbourhoods/:id/listings/new",
  title: "listing.post_title",
  access: "resident",
  render: renderNew,
};

export const editScreen = {
  path: "/listings/:id/edit",
  title: "listing.edit_title",
  access: "resident",
  render: renderEdit,
};
