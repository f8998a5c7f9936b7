// Pure: the days of a month as the availability calendar shows them (free, blocked, booked, or
// half booked), from what GET /listings/{id}/availability answers. Dates are "YYYY-MM-DD", in
// UTC as the server keeps them.

const DAY_MS = 86_400_000;

export const iso = (date) => date.toISOString().slice(0, 10);
export const parseDay = (text) => new Date(`${text}T00:00:00Z`);
export const addDays = (text, n) => iso(new Date(parseDay(text).getTime() + n * DAY_MS));

/** The first and last day of the month holding `day`. */
export function monthOf(day) {
  const d = parseDay(day);
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
  return { first: iso(first), last: iso(last) };
}

/** The first day of the month `n` months after the one holding `day`. */
export function shiftMonth(day, n) {
  const d = parseDay(day);
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
}

const covers = (period, day) => period.start <= day && day <= period.end;

/** A day's state: "blocked", "booked" (both halves), "half" (one half), "past" or "free". */
export function dayState(day, availability, today) {
  if (day < today) return "past";
  const { blocked = [], booked = [] } = availability || {};
  if (blocked.some((p) => covers(p, day))) return "blocked";
  let morning = false;
  let afternoon = false;
  for (const b of booked.filter((p) => covers(p, day))) {
    morning ||= !(b.start === day && b.starts_afternoon);
    afternoon ||= !(b.end === day && b.ends_at_noon);
  }
  if (morning && afternoon) return "booked";
  return morning || afternoon ? "half" : "free";
}

/** The weeks of the month of `first` (Monday first), each seven days or null (outside). */
export function weeks(first) {
  const { last } = monthOf(first);
  const lead = (parseDay(first).getUTCDay() + 6) % 7;
  const cells = Array(lead).fill(null);
  for (let day = first; day <= last; day = addDays(day, 1)) cells.push(day);
  while (cells.length % 7) cells.push(null);
  const out = [];
  for (let i = 0; i < cells.length; i += 7) out.push(cells.slice(i, i + 7));
  return out;
}

/** The period picked by choosing `day` after `picked` ({start, end} or null). */
export function pick(picked, day) {
  if (!picked || picked.end !== null || day < picked.start) return { start: day, end: null };
  return { start: picked.start, end: day };
}

/** "YYYY-MM-DD" in the words of `locale` (the server's UTC day, whatever the browser's zone). */
export function formatDay(day, locale) {
  const when = parseDay(day);
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(when);
}

/** The days a period begins (half-days count as begun days), as the server prices a rental;
 * 0 when the period ends before it starts. */
export function daysBegun(start, end, startsAfternoon, endsAtNoon) {
  if (!start || !end) return 0;
  const first = 2 * (parseDay(start).getTime() / DAY_MS) + (startsAfternoon ? 1 : 0);
  const last = 2 * (parseDay(end).getTime() / DAY_MS) + (endsAtNoon ? 0 : 1);
  const halves = last - first + 1;
  return halves > 0 ? Math.ceil(halves / 2) : 0;
}
