// Each category's form: its fields, what typed text becomes in the API's `details`, and the
// problems found before anything is sent.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const categories = await import(new URL("features/listings/categories.js", WEB));
const { CATEGORIES, kindsOf } = await import(new URL("features/listings/vocabulary.js", WEB));
const { FORMS, readDetails, formValues, parseMoney, localToIso, fieldBox } = categories;

// One valid form per category, as the form's controls hold it.
const TYPED = {
  service: {
    "details.tags": ["gardening", "diy"],
    "details.free_tags": "taille, haies",
    "details.paid": "true",
    "details.price": "12,50",
  },
  loan: { "details.item": "Perceuse", "details.condition": "Bon état" },
  rental: { "details.item": "Remorque", "details.price_per_day": "15", "details.deposit": "100" },
  transport: {
    "details.from.label": "Gare",
    "details.from.lat": "46,6619",
    "details.from.lon": "4.8623",
    "details.to.lat": "46.7",
    "details.to.lon": "4.9",
    "details.seats": "3",
    "details.schedule": "weekly",
    "details.weekly.days": ["mon", "fri"],
    "details.weekly.time": "08:30",
  },
  good_deal: { "details.where": "Marché", "details.link": "https://example.org/promo" },
  barter: { "details.gives": "Des confitures", "details.wants": "Des œufs" },
  giveaway: { "details.allocation": "giver_chooses" },
  group_purchase: {
    "details.product": "Pommes",
    "details.unit": "kg",
    "details.unit_price": "1.20",
    "details.minimum_quantity": "50",
    "details.deadline": "2027-01-15T18:00",
  },
  alert: { "details.alert_type": "lost_pet" },
};

describe("listing forms per category", () => {
  it("describes every category, and only offers are given for tips and alerts", () => {
    assert.deepEqual(Object.keys(FORMS).sort(), [...CATEGORIES].sort());
    assert.deepEqual(kindsOf("alert"), ["offer"]);
    assert.deepEqual(kindsOf("good_deal"), ["offer"]);
    assert.deepEqual(kindsOf("loan"), ["offer", "request"]);
  });

  it("reads a valid form of each category without a problem", () => {
    for (const category of CATEGORIES) {
      const { problems } = readDetails(category, TYPED[category]);
      assert.deepEqual(problems, {}, category);
    }
  });

  it("turns typed text into the API's details", () => {
    assert.deepEqual(readDetails("service", TYPED.service).details, {
      tags: ["gardening", "diy", "taille", "haies"],
      paid: true,
      price: 12.5,
    });
    assert.deepEqual(readDetails("transport", TYPED.transport).details, {
      from: { lat: 46.6619, lon: 4.8623, label: "Gare" },
      to: { lat: 46.7, lon: 4.9 },
      seats: 3,
      weekly: { days: ["mon", "fri"], time: "08:30" },
    });
    const deadline = readDetails("group_purchase", TYPED.group_purchase).details.deadline;
    assert.equal(deadline, new Date("2027-01-15T18:00").toISOString());
    assert.deepEqual(readDetails("loan", TYPED.loan).details, {
      item: "Perceuse",
      condition: "Bon état",
    });
  });

  it("says what is missing or wrong, next to the field it is about", () => {
    assert.deepEqual(readDetails("loan", {}).problems, { "details.item": "required" });
    assert.deepEqual(
      readDetails("rental", { "details.item": "x", "details.price_per_day": "1,234" }).problems,
      {
        "details.price_per_day": "money",
      },
    );
    assert.deepEqual(readDetails("service", { "details.paid": "true" }).problems, {
      "details.price": "price_required",
    });
    assert.deepEqual(
      readDetails("transport", {
        ...TYPED.transport,
        "details.weekly.days": [],
        "details.seats": "0",
      }).problems,
      { "details.seats": "count", "details.schedule": "days" },
    );
    assert.deepEqual(
      readDetails("transport", {
        ...TYPED.transport,
        "details.to.lat": "91",
        "details.schedule": "departure",
      }).problems,
      { "details.to": "point", "details.schedule": "required" },
    );
    assert.deepEqual(
      readDetails("good_deal", { "details.where": "x", "details.link": "javascript:alert(1)" })
        .problems,
      {
        "details.link": "url",
      },
    );
    assert.deepEqual(readDetails("alert", { "details.alert_type": "aliens" }).problems, {
      "details.alert_type": "required",
    });
  });

  it("gives a free service no price, whatever was typed", () => {
    const { details } = readDetails("service", { "details.paid": "false", "details.price": "3" });
    assert.deepEqual(details, { tags: [], paid: false });
  });

  it("fills the form back from a listing's details (editing)", () => {
    for (const category of CATEGORIES) {
      const { details } = readDetails(category, TYPED[category]);
      const again = readDetails(category, formValues(category, details));
      assert.deepEqual(again, { details, problems: {} }, category);
    }
  });

  it("reads money as a French or English keyboard types it", () => {
    assert.equal(parseMoney("12,50"), 12.5);
    assert.equal(parseMoney("1 200 €"), 1200);
    assert.equal(parseMoney(""), null);
    assert.ok(Number.isNaN(parseMoney("-3")));
    assert.ok(Number.isNaN(parseMoney("1.234")));
    assert.equal(localToIso(""), null);
    assert.ok(Number.isNaN(localToIso("demain")));
  });

  it("places a server's error about a nested field on the box that shows it", () => {
    assert.equal(fieldBox("details.from.lat"), "details.from");
    assert.equal(fieldBox("details.weekly.days.0"), "details.schedule");
    assert.equal(fieldBox("details.item"), "details.item");
    assert.equal(fieldBox("title"), "title");
  });
});
