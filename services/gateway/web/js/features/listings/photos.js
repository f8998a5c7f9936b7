// A listing's photos: chosen from files, taken with the camera (phones), or dropped on the box;
// each is sent at once (POST /photos: the server re-encodes it and drops its metadata) and
// previewed from the resident's own file. The form then names the photos by their ids.
import { h, uniqueId } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { listingErrorText, listings, photoUrl } from "./api.js";
import { limit, megabytes, saying } from "./limits.js";

/**
 * photoPicker({photoIds}) -> {element, ids(): Promise<string[]>}. `ids` waits for the photos
 * still being sent, and leaves out those that failed (their error stays shown).
 */
export function photoPicker({ photoIds = [] } = {}) {
  // Unknown, the server counts alone.
  const max = limit("too_many_photos", "max_photos") ?? Number.POSITIVE_INFINITY;
  const id = uniqueId("photos");
  const items = []; // {node, upload: Promise<string|null>}
  const list = h("ul", { class: "photo-list", "aria-label": t("listing.photos_chosen") });
  const status = h("p", { class: "visually-hidden", role: "status" });
  const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });

  function fileInput(labelKey, attrs) {
    const inputId = uniqueId(`${id}-input`);
    const input = h("input", {
      id: inputId,
      type: "file",
      accept: "image/jpeg,image/png,image/webp,image/heic,image/heif",
      ...attrs,
    });
    input.addEventListener("change", () => {
      add([...input.files]);
      input.value = "";
    });
    return h("div", { class: "field" }, h("label", { for: inputId }, t(labelKey)), input);
  }

  function remove(item) {
    items.splice(items.indexOf(item), 1);
    item.node.remove();
    if (item.preview.startsWith("blob:")) URL.revokeObjectURL(item.preview); // the file's copy
    status.textContent = t("listing.photo_removed", { count: items.length });
    element.querySelector("input[type=file]")?.focus();
  }

  function show(preview, upload) {
    const state = h("span", { class: "photo-state" }, t("listing.photo_sending"));
    const item = { upload: null, node: null, preview };
    const n = items.length + 1;
    const drop = h(
      "button",
      { type: "button", class: "button-small" },
      t("listing.photo_remove", { n }),
    );
    drop.addEventListener("click", () => remove(item));
    item.node = h(
      "li",
      { class: "photo-item" },
      h("img", { src: preview, alt: t("listing.photo_n", { n }), width: 120, height: 120 }),
      state,
      drop,
    );
    item.upload = upload.then(
      (photoId) => {
        state.textContent = t("listing.photo_ready");
        return photoId;
      },
      (failure) => {
        state.textContent = listingErrorText(failure);
        state.classList.add("field-error");
        return null;
      },
    );
    items.push(item);
    list.append(item.node);
  }

  function add(files) {
    error.hidden = true;
    const room = max - items.length;
    if (files.length > room) {
      error.textContent = saying("error.too_many_photos", { max_photos: max });
      error.hidden = false;
    }
    for (const file of files.slice(0, Math.max(0, room))) {
      show(
        URL.createObjectURL(file),
        listings.upload(file).then((answer) => answer.photo_id),
      );
    }
    status.textContent = t("listing.photo_added", { count: items.length });
  }

  for (const photoId of photoIds) show(photoUrl(photoId, "thumb"), Promise.resolve(photoId));

  const zone = h(
    "div",
    { class: "photo-drop" },
    h("p", {}, t("listing.photo_drop")),
    fileInput("listing.photo_choose", { multiple: true }),
    fileInput("listing.photo_camera", { capture: "environment" }),
  );
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("photo-drop-over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("photo-drop-over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("photo-drop-over");
    add([...(event.dataTransfer?.files || [])].filter((file) => file.type.startsWith("image/")));
  });

  const hint = saying("listing.photos_hint", {
    max: limit("too_many_photos", "max_photos"),
    mb: megabytes(limit("photo_too_large", "max_bytes")),
  });
  const element = h(
    "fieldset",
    { class: "field photos", "data-field": "photos", id },
    h(
      "legend",
      {},
      t("listing.photos"),
      h("span", { class: "optional" }, ` ${t("form.optional")}`),
    ),
    hint ? h("p", { class: "hint" }, hint) : null,
    error,
    zone,
    list,
    status,
  );
  return {
    element,
    ids: async () => (await Promise.all(items.map((item) => item.upload))).filter(Boolean),
  };
}
