// Lists read page by page with the server's cursor, and the board's filters from the address.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const { boardFilters, boardQuery, boardSearch, firstPage, nextPage } = await import(
  new URL("features/listings/paging.js", WEB)
);

const item = (id) => ({ listing_id: id });

describe("cursor paging", () => {
  it("appends each page and ends when the server gives no cursor", () => {
    let state = nextPage(firstPage(), { items: [item("a"), item("b")], next_cursor: "c1" });
    assert.deepEqual(state, { items: [item("a"), item("b")], cursor: "c1", done: false });
    state = nextPage(state, { items: [item("c")], next_cursor: null });
    assert.deepEqual(
      state.items.map((x) => x.listing_id),
      ["a", "b", "c"],
    );
    assert.equal(state.done, true);
    assert.equal(state.cursor, null);
  });

  it("shows an item once even when it comes again on the next page", () => {
    const state = nextPage(
      nextPage(firstPage(), { items: [item("a"), item("b")], next_cursor: "x" }),
      { items: [item("b"), item("c")], next_cursor: "" },
    );
    assert.deepEqual(
      state.items.map((x) => x.listing_id),
      ["a", "b", "c"],
    );
    assert.equal(state.done, true);
  });

  it("reads other lists by their own id, and survives an empty answer", () => {
    const byResponse = (x) => x.response_id;
    const state = nextPage(firstPage(), { items: [{ response_id: "r" }] }, byResponse);
    assert.equal(state.items.length, 1);
    assert.deepEqual(nextPage(firstPage(), null), { items: [], cursor: null, done: true });
  });
});

describe("board filters", () => {
  it("keeps only known kinds and categories from the address bar", () => {
    const params = new URLSearchParams("q=+perceuses+&kind=offer&category=spaceships");
    assert.deepEqual(boardFilters(params), { q: "perceuses", kind: "offer", category: "" });
  });

  it("asks for the filters that are set and the page's cursor", () => {
    const filters = { q: "etagere", kind: "", category: "loan" };
    assert.deepEqual(boardQuery(filters, "abc"), { q: "etagere", category: "loan", cursor: "abc" });
    assert.deepEqual(boardQuery({ q: "", kind: "", category: "" }), {});
    assert.equal(boardSearch(filters), "?q=etagere&category=loan");
    assert.equal(boardSearch({ q: "" }), "");
  });
});
