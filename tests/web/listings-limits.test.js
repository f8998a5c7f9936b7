// The listings' numbers come from the refusal catalogue the gateway serves: said in the texts
// when known, left unsaid (the server judging alone) when the catalogue could not be read.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const { useLimits } = await import(new URL("core/limits.js", WEB));
const { ApiError } = await import(new URL("core/api.js", WEB));
const { errorText } = await import(new URL("core/errors.js", WEB));
const { addMessages } = await import(new URL("core/i18n.js", WEB));
const { limit, megabytes, saying } = await import(new URL("features/listings/limits.js", WEB));

const CATALOGUE = {
  refusals: {
    invalid_title: { code: "invalid_title", limits: { min_length: 3, max_length: 120 } },
    photo_too_large: { code: "photo_too_large", limits: { max_bytes: 10485760 } },
  },
};
addMessages({ fr: { "error.invalid_title": "De {min_length} à {max_length} caractères." } });

describe("listings limits", () => {
  it("reads the served catalogue", () => {
    useLimits(CATALOGUE);
    assert.equal(limit("invalid_title", "max_length"), 120);
    assert.equal(megabytes(limit("photo_too_large", "max_bytes")), 10);
    assert.equal(saying("listing.title_hint", { min: 3, max: 120 }), "listing.title_hint");
  });

  it("says a refusal with the numbers of its rule", () => {
    useLimits(CATALOGUE);
    const error = new ApiError(422, "invalid_title", "A title has 3 to 120 characters.");
    assert.equal(errorText(error), "De 3 à 120 caractères.");
  });

  it("without the catalogue, leaves a hint unsaid and the server's words in a refusal", () => {
    useLimits(null);
    assert.equal(limit("invalid_title", "max_length"), undefined);
    assert.equal(megabytes(undefined), undefined);
    assert.equal(saying("listing.title_hint", { min: undefined, max: 120 }), null);
    const error = new ApiError(422, "invalid_title", "A title has 3 to 120 characters.");
    assert.equal(errorText(error), "A title has 3 to 120 characters.");
  });
});
