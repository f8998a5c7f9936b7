// Each category's details as a form: which fields (names as the API's, under "details."), of
// which type, required or not, and the reading of what was typed into the API's `details`
// (money in euros, times ISO 8601 with an offset, points {lat, lon, label?}). The server judges
// the details again (422 per field); what is checked here only saves a round trip.
// Pure: no DOM, so that Node tests every category (tests/web/listings-categories.test.js).
import { parseDegrees } from "../../shared/polygon.js";
import { ALERT_TYPES, ALLOCATIONS, SKILLS, WEEKDAYS } from "./vocabulary.js";

/**
 * type: "short" (one line), "notes" (a paragraph), "money", "integer", "datetime", "url",
 * "choice" (radios of `options`), "skills" (checkboxes of the fixed skills and free tags),
 * "paid" (free or paid, then a price), "point" (a place: label, latitude, longitude),
 * "schedule" (a departure time, or weekly days and time).
 */
export const FORMS = {
  service: [
    { name: "tags", type: "skills" },
    { name: "paid", type: "paid", required: true },
  ],
  loan: [
    { name: "item", type: "short", required: true },
    { name: "condition", type: "notes" },
    { name: "pickup_notes", type: "notes" },
  ],
  rental: [
    { name: "item", type: "short", required: true },
    { name: "price_per_day", type: "money", required: true },
    { name: "deposit", type: "money" },
    { name: "condition", type: "notes" },
    { name: "pickup_notes", type: "notes" },
  ],
  transport: [
    { name: "from", type: "point", required: true },
    { name: "to", type: "point", required: true },
    { name: "seats", type: "integer", required: true },
    { name: "schedule", type: "schedule", required: true },
    { name: "contribution_per_seat", type: "money" },
  ],
  good_deal: [
    { name: "where", type: "short", required: true },
    { name: "until", type: "datetime" },
    { name: "link", type: "url" },
  ],
  barter: [
    { name: "gives", type: "notes", required: true },
    { name: "wants", type: "notes", required: true },
  ],
  giveaway: [{ name: "allocation", type: "choice", options: ALLOCATIONS, required: true }],
  group_purchase: [
    { name: "product", type: "short", required: true },
    { name: "unit", type: "short", required: true },
    { name: "unit_price", type: "money", required: true },
    { name: "minimum_quantity", type: "integer", required: true },
    { name: "deadline", type: "datetime", required: true },
  ],
  alert: [{ name: "alert_type", type: "choice", options: ALERT_TYPES, required: true }],
};

export const SKILL_OPTIONS = SKILLS;
export const WEEKDAY_OPTIONS = WEEKDAYS;

/** "12,50" or "12.5" -> 12.5 (euros, two decimals at most); null when empty; NaN when wrong. */
export function parseMoney(text) {
  const cleaned = String(text ?? "")
    .trim()
    .replace(/\s|\u00a0|€/g, "")
    .replace(",", ".");
  if (!cleaned) return null;
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return NaN;
  return Number(cleaned);
}

/** "3" -> 3; null when empty; NaN unless a whole number above 0. */
export function parseCount(text) {
  const cleaned = String(text ?? "").trim();
  if (!cleaned) return null;
  return /^\d+$/.test(cleaned) && Number(cleaned) > 0 ? Number(cleaned) : NaN;
}

/** A datetime-local input's "2026-12-05T08:30" (the resident's time) -> ISO UTC; null; NaN. */
export function localToIso(text) {
  const cleaned = String(text ?? "").trim();
  if (!cleaned) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(cleaned)) return Number.NaN;
  const date = new Date(cleaned);
  return Number.isNaN(date.getTime()) ? Number.NaN : date.toISOString();
}

/** ISO -> the datetime-local input's value in the resident's time ("" when none). */
export function isoToLocal(iso) {
  const date = new Date(iso ?? "");
  if (!iso || Number.isNaN(date.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

function isUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

const many = (value) => (Array.isArray(value) ? value : value ? [value] : []);
const one = (value) => String((Array.isArray(value) ? value[0] : value) ?? "").trim();

/**
 * What was typed -> {details, problems}. `values` maps a form name ("details.item",
 * "details.tags" as a list of checked values) to what the form holds; `problems` maps the
 * name of a field's box ("details.item", "details.from") to a code: required, money, count,
 * datetime, url, point, time, days.
 */
export function readDetails(category, values) {
  const details = {};
  const problems = {};
  for (const spec of FORMS[category] || []) {
    const key = `details.${spec.name}`;
    // A reader answers a code about its own box, or [box, code] about another (the price).
    const problem = READERS[spec.type](spec, key, values, details);
    if (problem) {
      const [box, code] = Array.isArray(problem) ? problem : [key, problem];
      problems[box] = code;
    }
  }
  return { details, problems };
}

function readScalar(parse, code) {
  return (spec, key, values, details) => {
    const value = parse(one(values[key]));
    if (value === null) return spec.required ? "required" : null;
    if (Number.isNaN(value)) return code;
    details[spec.name] = value;
    return null;
  };
}

function readPoint(spec, key, values, details) {
  const label = one(values[`${key}.label`]);
  const latText = one(values[`${key}.lat`]);
  const lonText = one(values[`${key}.lon`]);
  if (!latText && !lonText) return spec.required ? "required" : null;
  const lat = parseDegrees(latText);
  const lon = parseDegrees(lonText);
  if (Number.isNaN(lat) || Number.isNaN(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return "point";
  }
  details[spec.name] = label ? { lat, lon, label } : { lat, lon };
  return null;
}

function readSchedule(_spec, key, values, details) {
  if (one(values[key]) === "weekly") {
    const days = WEEKDAYS.filter((day) => many(values["details.weekly.days"]).includes(day));
    const time = one(values["details.weekly.time"]);
    if (!days.length) return "days";
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return "time";
    details.weekly = { days, time };
    return null;
  }
  const departure = localToIso(one(values["details.departure"]));
  if (departure === null) return "required";
  if (Number.isNaN(departure)) return "datetime";
  details.departure = departure;
  return null;
}

function readPaid(_spec, key, values, details) {
  const paid = one(values[key]);
  if (paid !== "true" && paid !== "false") return "required";
  details.paid = paid === "true";
  if (!details.paid) return null;
  const price = parseMoney(one(values["details.price"]));
  if (price === null) return ["details.price", "price_required"];
  if (Number.isNaN(price)) return ["details.price", "money"];
  details.price = price;
  return null;
}

function readSkills(_spec, key, values, details) {
  const fixed = SKILLS.filter((skill) => many(values[key]).includes(skill));
  const free = one(values["details.free_tags"])
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
  details.tags = [...new Set([...fixed, ...free])];
  return null;
}

const READERS = {
  short: readScalar((text) => text || null),
  notes: readScalar((text) => text || null),
  money: readScalar(parseMoney, "money"),
  integer: readScalar(parseCount, "count"),
  datetime: readScalar(localToIso, "datetime"),
  url: readScalar((text) => (!text ? null : isUrl(text) ? text : Number.NaN), "url"),
  choice: (spec, key, values, details) =>
    readScalar(
      (text) => (!text ? null : spec.options.includes(text) ? text : Number.NaN),
      "required",
    )(spec, key, values, details),
  point: readPoint,
  schedule: readSchedule,
  paid: readPaid,
  skills: readSkills,
};

/** A listing's details -> the form's values (for editing): the inverse of readDetails. */
export function formValues(category, details = {}) {
  const values = {};
  for (const spec of FORMS[category] || []) {
    const key = `details.${spec.name}`;
    const value = details[spec.name];
    if (spec.type === "point" && value) {
      values[`${key}.label`] = value.label || "";
      values[`${key}.lat`] = String(value.lat);
      values[`${key}.lon`] = String(value.lon);
    } else if (spec.type === "schedule") {
      values[key] = details.weekly ? "weekly" : "departure";
      values["details.departure"] = isoToLocal(details.departure);
      values["details.weekly.days"] = details.weekly?.days || [];
      values["details.weekly.time"] = details.weekly?.time || "";
    } else if (spec.type === "paid") {
      values[key] = typeof value === "boolean" ? String(value) : "";
      values["details.price"] = details.price === undefined ? "" : String(details.price);
    } else if (spec.type === "skills") {
      const tags = Array.isArray(value) ? value : [];
      values[key] = tags.filter((tag) => SKILLS.includes(tag));
      values["details.free_tags"] = tags.filter((tag) => !SKILLS.includes(tag)).join(", ");
    } else if (spec.type === "datetime") {
      values[key] = isoToLocal(value);
    } else {
      values[key] = value === undefined || value === null ? "" : String(value);
    }
  }
  return values;
}

/** A server's field name ("details.from.lat") -> the box that shows it ("details.from"). */
export function fieldBox(name) {
  const parts = String(name).split(".");
  if (parts[0] !== "details" || parts.length <= 2) return name;
  if (parts[1] === "weekly" || parts[1] === "departure") return "details.schedule";
  return parts.slice(0, 2).join(".");
}
