import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const i18n = await import(new URL("core/i18n.js", WEB));

describe("i18n", () => {
  it("starts in French and fills placeholders", () => {
    assert.equal(i18n.language(), "fr");
    i18n.addMessages({
      fr: { "test.hello": "Bonjour {name}" },
      en: { "test.hello": "Hello {name}" },
    });
    assert.equal(i18n.t("test.hello", { name: "Awa" }), "Bonjour Awa");
    assert.equal(i18n.t("test.hello"), "Bonjour {name}");
  });

  it("merges the features' messages, a later one winning, French filling what English lacks", () => {
    i18n.addMessages({ fr: { "test.a": "A1", "test.b": "B" }, en: { "test.a": "A1-en" } });
    i18n.addMessages({ fr: { "test.a": "A2" } });
    i18n.setLanguage("en");
    try {
      assert.equal(i18n.t("test.a"), "A1-en");
      assert.equal(i18n.t("test.b"), "B");
      assert.equal(document.documentElement.lang, "en");
      assert.equal(localStorage.getItem("quartier.language"), "en");
    } finally {
      i18n.setLanguage("fr");
    }
    assert.equal(i18n.t("test.a"), "A2");
    assert.equal(i18n.has("test.b"), true);
    assert.equal(i18n.t("test.unknown"), "test.unknown");
  });

  it("ignores an unknown language and tells listeners of a change only", () => {
    const heard = [];
    const stop = i18n.onLanguageChange((lang) => heard.push(lang));
    i18n.setLanguage("de");
    i18n.setLanguage("fr");
    i18n.setLanguage("en");
    i18n.setLanguage("fr");
    stop();
    assert.deepEqual(heard, ["en", "fr"]);
  });

  it("says a delay in seconds, then minutes", () => {
    assert.equal(i18n.formatDelay(12), "12 s");
    assert.equal(i18n.formatDelay(0), "1 s");
    assert.equal(i18n.formatDelay(600), "10 min");
  });
});
