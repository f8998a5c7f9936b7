// The words of a form's errors: what the server answered, said in the resident's language.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const { ApiError } = await import(new URL("core/api.js", WEB));
const { errorText, fieldText } = await import(new URL("core/errors.js", WEB));

describe("form errors", () => {
  it("translates the server's validation messages of a field", () => {
    const error = new ApiError(422, "validation_failed", "Some fields are not valid.");
    assert.equal(
      fieldText(error, ["Missing data for required field."]),
      "Ce champ est obligatoire.",
    );
    assert.equal(fieldText(error, ["Longer than maximum length 80."]), "80 caractères maximum.");
    assert.equal(fieldText(error, "Something new."), "Something new.");
  });

  it("says a known refusal in words, else the server's message", () => {
    assert.equal(
      errorText(new ApiError(409, "conflict", "x")),
      "Une autre modification vient d’avoir lieu. Réessayez.",
    );
    assert.equal(
      errorText(new ApiError(422, "brand_new_code", "As the server says.")),
      "As the server says.",
    );
    assert.equal(errorText(new Error("boom")), "Une erreur est survenue. Réessayez.");
  });

  it("gives any 429 its delay from Retry-After", () => {
    const error = new ApiError(429, "too_many_boundary_attempts", "x", {}, 120);
    assert.equal(errorText(error), "Trop de tentatives. Réessayez dans 2 min.");
    assert.equal(
      errorText(new ApiError(429, "rate_limited", "x")),
      "Trop de tentatives. Réessayez un peu plus tard.",
    );
  });
});
