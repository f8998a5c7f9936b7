import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const { safeNext } = await import(new URL("core/router.js", WEB));

describe("router", () => {
  it("keeps an in-app path with its query", () => {
    assert.equal(safeNext("/me/address?step=2"), "/me/address?step=2");
  });

  it("never leaves the site nor lands on the API", () => {
    for (const value of [
      "//evil.test/x",
      "/\\evil.test",
      "https://evil.test/",
      "/api/v1/me",
      "me",
    ]) {
      assert.equal(safeNext(value, "/home"), "/home", value);
    }
    assert.equal(safeNext(undefined), "/");
  });
});
