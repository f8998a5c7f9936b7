import assert from "node:assert/strict";
import { test } from "node:test";
import {
  daysBegun,
  dayState,
  monthOf,
  pick,
  shiftMonth,
  weeks,
} from "../../services/gateway/web/js/features/listings/bookings-days.js";

const AVAILABILITY = {
  blocked: [{ start: "2026-03-20", end: "2026-03-22" }],
  booked: [
    { start: "2026-03-07", end: "2026-03-08", starts_afternoon: false, ends_at_noon: true },
    { start: "2026-03-10", end: "2026-03-10", starts_afternoon: false, ends_at_noon: false },
  ],
};

test("a day is blocked, booked, half booked, past or free", () => {
  const today = "2026-03-02";
  assert.equal(dayState("2026-03-01", AVAILABILITY, today), "past");
  assert.equal(dayState("2026-03-21", AVAILABILITY, today), "blocked");
  assert.equal(dayState("2026-03-07", AVAILABILITY, today), "booked");
  assert.equal(dayState("2026-03-08", AVAILABILITY, today), "half");
  assert.equal(dayState("2026-03-10", AVAILABILITY, today), "booked");
  assert.equal(dayState("2026-03-09", AVAILABILITY, today), "free");
});

test("a month is weeks of seven days starting on Monday", () => {
  const march = weeks("2026-03-01");
  assert.ok(march.every((week) => week.length === 7));
  assert.deepEqual(march[0].slice(5), [null, "2026-03-01"]); // 1 March 2026 is a Sunday
  assert.equal(march.flat().filter(Boolean).length, 31);
  assert.deepEqual(monthOf("2026-02-14"), { first: "2026-02-01", last: "2026-02-28" });
  assert.equal(shiftMonth("2026-12-05", 1), "2027-01-01");
});

test("choosing a first then a last day picks a period; an earlier day starts again", () => {
  let picked = pick(null, "2026-03-07");
  assert.deepEqual(picked, { start: "2026-03-07", end: null });
  picked = pick(picked, "2026-03-08");
  assert.deepEqual(picked, { start: "2026-03-07", end: "2026-03-08" });
  assert.deepEqual(pick(picked, "2026-03-01"), { start: "2026-03-01", end: null });
  assert.deepEqual(pick({ start: "2026-03-07", end: null }, "2026-03-05"), {
    start: "2026-03-05",
    end: null,
  });
});

test("a rental is priced by the days its period begins, half-days counting as begun", () => {
  assert.equal(daysBegun("2026-03-07", "2026-03-09", false, false), 3);
  assert.equal(daysBegun("2026-03-07", "2026-03-08", true, true), 1);
  assert.equal(daysBegun("2026-03-07", "2026-03-08", true, false), 2);
  assert.equal(daysBegun("2026-03-08", "2026-03-07", false, false), 0);
  assert.equal(daysBegun("", "2026-03-07", false, false), 0);
});
