// A group purchase's countdown: days while more than two days are left, then hours, then
// minutes; nothing once the deadline has passed.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const { timeLeft } = await import(new URL("features/listings/purchase.js", WEB));

const NOW = Date.parse("2027-03-27T12:00:00Z");
const at = (minutes) => new Date(NOW + minutes * 60000).toISOString();

describe("time left until a purchase's deadline", () => {
  it("counts whole days beyond two days", () => {
    assert.deepEqual(timeLeft(at(3 * 24 * 60 + 5), NOW), { unit: "days", n: 3 });
  });
  it("counts hours within two days and minutes within two hours", () => {
    assert.deepEqual(timeLeft(at(47 * 60), NOW), { unit: "hours", n: 47 });
    assert.deepEqual(timeLeft(at(119), NOW), { unit: "minutes", n: 119 });
  });
  it("says nothing once the deadline has passed", () => {
    assert.equal(timeLeft(at(-1), NOW), null);
  });
});
