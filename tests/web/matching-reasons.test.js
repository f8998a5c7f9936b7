// A match's reasons in words, in French and in English: each recorded factor becomes one phrase
// ("same street", "both about Gardening", "both free on Saturday"), in the order recorded.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const { reasonPhrases } = await import(new URL("features/matching/reasons.js", WEB));
const en = (await import(new URL("features/matching/messages.en.js", WEB))).default;
const fr = (await import(new URL("features/matching/messages.fr.js", WEB))).default;
const listingsEn = (await import(new URL("features/listings/messages.en.js", WEB))).default;
const listingsFr = (await import(new URL("features/listings/messages.fr.js", WEB))).default;

const translator = (...tables) => {
  const all = Object.assign({}, ...tables);
  return (key, params = {}) => {
    assert.ok(key in all, `no text for ${key}`);
    return all[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
  };
};

const GARDENING = [
  { factor: "distance", points: 28, detail: { metres: 100, same_street: true } },
  { factor: "words", points: 20, detail: { skills: ["gardening"], shared_words: 0 } },
  { factor: "category", points: 15, detail: { category: "service" } },
  { factor: "time", points: 15, detail: { days: ["sat"] } },
];

describe("a match's reasons", () => {
  it("say same street, the skill in common and the free day, in English", () => {
    const said = reasonPhrases(GARDENING, translator(listingsEn, en));
    assert.deepEqual(said, [
      "same street",
      "both about Gardening",
      "both about Service",
      "both free on Saturday",
    ]);
  });

  it("say the same in French", () => {
    const said = reasonPhrases(GARDENING, translator(listingsFr, fr));
    assert.equal(said.length, 4);
    assert.equal(said[0], "même rue");
  });

  it("say how far a trip passes and when it leaves", () => {
    const trip = [
      { factor: "route", points: 38, detail: { pickup_m: 50, dropoff_m: 100 } },
      { factor: "time", points: 12, detail: { days: ["tue"], minutes_apart: 20 } },
      { factor: "distance", points: 10, detail: { metres: 2500, same_street: false } },
    ];
    const said = reasonPhrases(trip, translator(listingsEn, en));
    assert.deepEqual(said, [
      "passes 50 m from your start and 100 m from your destination",
      "leaves 20 min from your time (Tuesday)",
      "about 2500 m apart",
    ]);
  });

  it("leave out a factor they do not know", () => {
    assert.deepEqual(
      reasonPhrases([{ factor: "mystery", points: 1, detail: {} }], (k) => k),
      [],
    );
  });
});
