// Lists read page by page with the server's opaque cursor (newest first): a page's items are
// appended once each, and the list ends when the server gives no next cursor. Pure.
import { CATEGORIES, KINDS } from "./vocabulary.js";

/** {items, cursor, done}: nothing read yet. */
export function firstPage() {
  return { items: [], cursor: null, done: false };
}

/**
 * The list after one more page {items, next_cursor}; an item already shown (a listing that
 * moved between two reads) is kept once, where it was first shown.
 */
export function nextPage(state, page, idOf = (item) => item.listing_id) {
  const seen = new Set(state.items.map(idOf));
  const fresh = (Array.isArray(page?.items) ? page.items : []).filter((item) => {
    const id = idOf(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const cursor =
    typeof page?.next_cursor === "string" && page.next_cursor ? page.next_cursor : null;
  return { items: [...state.items, ...fresh], cursor, done: cursor === null };
}

/** The board's filters from the address bar: only known kinds and categories, a trimmed query. */
export function boardFilters(params) {
  const get = (name) => String(params.get(name) ?? "").trim();
  const kind = get("kind");
  const category = get("category");
  return {
    q: get("q"),
    kind: KINDS.includes(kind) ? kind : "",
    category: CATEGORIES.includes(category) ? category : "",
  };
}

/** The board's query: the filters that are set, and the cursor of the page asked for. */
export function boardQuery(filters, cursor = null) {
  const query = {};
  for (const [name, value] of Object.entries(filters)) if (value) query[name] = value;
  if (cursor) query.cursor = cursor;
  return query;
}

/** The board's address for these filters ("" when none), for links and the back button. */
export function boardSearch(filters) {
  const params = new URLSearchParams(boardQuery(filters));
  const text = params.toString();
  return text ? `?${text}` : "";
}
