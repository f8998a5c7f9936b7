// A conversation's pages merged as they arrive: polling the newest page adds only what is new,
// at the end; an older page adds at the start and moves the cursor on.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const { emptyThread, merged } = await import(new URL("features/matching/thread.js", WEB));

const m = (id) => ({ message_id: id, text: id });

describe("a conversation's thread", () => {
  it("adds only new messages of the newest page, keeping where older ones start", () => {
    const first = merged(emptyThread(), { items: [m("b"), m("c")], next_cursor: "old" });
    assert.deepEqual(
      first.added.map((x) => x.message_id),
      ["b", "c"],
    );
    assert.equal(first.thread.older, "old");
    const polled = merged(first.thread, { items: [m("c"), m("d")], next_cursor: "newer" });
    assert.deepEqual(
      polled.added.map((x) => x.message_id),
      ["d"],
    );
    assert.equal(polled.thread.older, "old", "polling does not move the older cursor");
    assert.equal(polled.atStart, false);
  });

  it("puts an older page at the start and ends when none is left", () => {
    const first = merged(emptyThread(), { items: [m("c")], next_cursor: "old" });
    const older = merged(
      first.thread,
      { items: [m("a"), m("b")], next_cursor: null },
      {
        older: true,
      },
    );
    assert.deepEqual(
      older.added.map((x) => x.message_id),
      ["a", "b"],
    );
    assert.equal(older.atStart, true);
    assert.equal(older.thread.older, null);
  });

  it("starts empty, with nothing older when the first page says so", () => {
    const none = merged(emptyThread(), { items: [], next_cursor: null });
    assert.deepEqual(none.added, []);
    assert.equal(none.thread.older, null);
  });
});
