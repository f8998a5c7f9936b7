// A list read page by page: the first page is shown, "Show more" appends the next one and
// takes the keyboard to the first item it brought (a screen reader then reads on from there).
import { h } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { listingErrorText } from "./api.js";
import { firstPage, nextPage } from "./paging.js";

/**
 * pagedList({load(cursor) -> {items, next_cursor}, item(x) -> Node, empty, idOf?, label})
 * -> Promise<Node>: a <ul> of the items (or the `empty` text) and its "more" button.
 */
export async function pagedList({ load, item, empty, idOf, label }) {
  let state = nextPage(firstPage(), await load(null), idOf);
  if (!state.items.length) return h("p", { class: "notice" }, empty);
  const list = h(
    "ul",
    { class: "listing-cards", "aria-label": label },
    state.items.map((x) => h("li", {}, item(x))),
  );
  const alert = h("div", { class: "form-alert", role: "alert" });
  const more = h(
    "button",
    { type: "button", class: "button button-secondary", hidden: state.done },
    t("listing.more"),
  );
  more.addEventListener("click", async () => {
    more.disabled = true;
    alert.replaceChildren();
    try {
      const before = state.items.length;
      state = nextPage(state, await load(state.cursor), idOf);
      const added = state.items.slice(before).map((x) => h("li", {}, item(x)));
      list.append(...added);
      more.hidden = state.done;
      added[0]?.querySelector("a, button")?.focus();
    } catch (error) {
      alert.textContent = listingErrorText(error);
    } finally {
      more.disabled = false;
    }
  });
  return h("div", { class: "paged" }, list, alert, h("p", { class: "actions" }, more));
}
