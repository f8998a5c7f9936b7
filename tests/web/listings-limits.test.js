// The rules' numbers said in the refusal texts: filled from the one table, other placeholders
// (a delay known only when the refusal comes) left for t() to fill.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const { limit, megabytes, withLimits } = await import(new URL("features/listings/limits.js", WEB));

describe("listings limits", () => {
  it("fills a refusal's text with its own limits only", () => {
    const filled = withLimits({
      "error.invalid_title": "De {min_length} à {max_length} caractères.",
      "error.too_many_listings.wait": "Au plus {per_day} : réessayez dans {delay}.",
      "error.photo_too_large": "{max_mb} Mo au plus.",
      "listing.title_hint": "De {min} à {max} caractères.",
    });
    assert.equal(filled["error.invalid_title"], "De 3 à 120 caractères.");
    assert.equal(filled["error.too_many_listings.wait"], "Au plus 20 : réessayez dans {delay}.");
    assert.equal(filled["error.photo_too_large"], "10 Mo au plus.");
    assert.equal(filled["listing.title_hint"], "De {min} à {max} caractères.");
  });

  it("answers a declared limit and refuses to make one up", () => {
    assert.equal(limit("too_many_photos", "max_photos"), 6);
    assert.equal(megabytes(limit("photo_too_large", "max_bytes")), 10);
    assert.throws(() => limit("invalid_title", "max_words"));
  });
});
