import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const { limit, useLimits } = await import(new URL("core/limits.js", WEB));

describe("limits", () => {
  it("reads a rule's numbers from the catalogue the server serves", () => {
    useLimits({
      refusals: {
        invalid_name: {
          code: "invalid_name",
          status: 422,
          field: "name",
          limits: { max_length: 7 },
        },
      },
    });
    assert.equal(limit("invalid_name", "max_length"), 7);
  });

  it("knows nothing it was not told", () => {
    useLimits({ refusals: {} });
    assert.equal(limit("invalid_name", "max_length"), undefined);
    useLimits(null);
    assert.equal(limit("no_such_code", "max_length"), undefined);
  });
});
