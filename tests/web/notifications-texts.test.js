// A notification in words: every kind has its sentence and its name in both languages, and a
// missing name or title never shows as a raw placeholder.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const { filled, sentenceKey } = await import(new URL("features/notifications/texts.js", WEB));
const fr = (await import(new URL("features/notifications/messages.fr.js", WEB))).default;
const en = (await import(new URL("features/notifications/messages.en.js", WEB))).default;

const fill = (text, params) =>
  text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));

describe("notification texts", () => {
  it("fills a missing name with the words for someone and drops nulls", () => {
    const values = filled({ title: "Perceuse", name: null }, "Un voisin");
    assert.equal(
      fill(fr[sentenceKey("response_received")], values),
      "Un voisin a répondu à « Perceuse ».",
    );
  });

  it("has a sentence and a kind's name for every kind in both languages", () => {
    const kinds = Object.keys(fr)
      .filter((k) => k.startsWith("notification.kind."))
      .map((k) => k.slice("notification.kind.".length));
    assert.ok(kinds.length >= 30);
    for (const kind of kinds) {
      for (const messages of [fr, en]) {
        assert.ok(messages[sentenceKey(kind)], kind);
        assert.ok(messages[`notification.kind.${kind}`], kind);
        assert.doesNotMatch(fill(messages[sentenceKey(kind)], filled({}, "x")), /\{\w+\}/, kind);
      }
    }
  });
});
