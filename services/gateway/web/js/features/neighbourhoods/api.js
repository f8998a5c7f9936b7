// The neighbourhood endpoints of the gateway, read-your-writes (a read after a command waits
// for that command's position), the refusals in words, and the numbers in the resident's
// language.
import { ApiError, api, readYourWrites } from "../../core/api.js";
import { errorText } from "../../core/errors.js";
import { language, t } from "../../core/i18n.js";
import * as session from "../../core/session.js";

const BASE = "/neighbourhoods";
// Reads wait for the last neighbourhood command made from this page.
const { command, read, latest } = readYourWrites();

const path = (id, ...rest) => [BASE, encodeURIComponent(id), ...rest].join("/");

/** After a command: refresh GET /me (its neighbourhoods feed the switcher) at its position. */
export async function refreshMe() {
  try {
    await session.refresh(latest() || undefined);
  } catch {
    // the screen shows what changed; the header catches up on the next navigation
  }
}

// Lists come wrapped: {neighbourhoods}, {members}, {entries}.
const list = (key) => (answer) => (Array.isArray(answer?.[key]) ? answer[key] : []);

export const hoods = {
  find: (point) =>
    read(BASE, point ? { lat: point.lat, lon: point.lon } : {}).then(list("neighbourhoods")),
  get: (id) => read(path(id)),
  members: (id) => read(path(id, "members")).then(list("members")),
  log: (id) => read(path(id, "moderation-log")).then(list("entries")),
  create: (body) => command("POST", BASE, body),
  join: (id) => command("POST", path(id, "members")),
  leave: (id) => command("DELETE", path(id, "members", "me")),
  remove: (id, residentId, reason) =>
    command("DELETE", path(id, "members", residentId), { reason }),
  appoint: (id, residentId) => command("POST", path(id, "moderators"), { resident_id: residentId }),
  dismiss: (id, residentId, reason) =>
    command("DELETE", path(id, "moderators", residentId), { reason }),
  acceptRole: (id) => command("POST", path(id, "moderator-offer", "accept")),
  declineRole: (id) => command("POST", path(id, "moderator-offer", "decline")),
  requestRejoin: (id, message) =>
    command("POST", path(id, "rejoin-requests"), message ? { message } : {}),
  approveRejoin: (id, residentId) =>
    command("POST", path(id, "rejoin-requests", residentId, "approve")),
};

/** The caller's memberships, as GET /me lists them. */
export function myNeighbourhoods() {
  const list = session.current()?.neighbourhoods;
  return Array.isArray(list) ? list : [];
}

let home = { resident: null, point: null };

/**
 * The resident's own verified home {lat, lon}, for the map's home marker; null when unknown.
 * GET /me names it when the gateway gives it; otherwise it is read once from the resident's
 * own data export (their data, shown to them only).
 */
export async function myHome() {
  const me = session.current();
  if (!me || me.address?.status !== "verified") return null;
  const given = me.address?.home || me.home;
  if (given && Number.isFinite(given.lat) && Number.isFinite(given.lon)) return given;
  if (home.resident === me.resident_id) return home.point;
  let point = null;
  try {
    const held = await api("GET", "/me/export");
    const location = held?.address?.location;
    const verified = held?.verification?.address_id === held?.address?.address_id;
    if (verified && Array.isArray(location) && location.every(Number.isFinite)) {
      point = { lat: location[0], lon: location[1] };
    }
  } catch {
    point = null; // the map shows the outline alone
  }
  home = { resident: me.resident_id, point };
  return point;
}

const locale = () => (language() === "fr" ? "fr-FR" : "en-GB");

export function formatDistance(metres) {
  const m = Math.max(0, Number(metres) || 0);
  if (m < 1000) {
    return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(m)}\u00a0m`;
  }
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(m / 1000)}\u00a0km`;
}

export function formatArea(km2) {
  const digits = km2 < 1 ? 2 : 1;
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(km2);
}

export function memberCount(n) {
  const count = Number(n) || 0;
  const form = new Intl.PluralRules(locale()).select(count) === "one" ? "one" : "other";
  return t(`hood.members_count.${form}`, { n: count });
}

export function formatDate(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "long" }).format(date);
}

// The number the service put in its refusal ("... 123 m outside", "at most 3 ..."), when the
// gateway passes it on in the message.
function numberIn(message, pattern) {
  const found = pattern.exec(String(message || ""));
  return found ? Number(found[1].replace(",", ".")) : null;
}

/** A refusal in words, with the distance or the limit it names when there is one. */
export function hoodErrorText(error) {
  if (!(error instanceof ApiError)) return errorText(error);
  const details = error.details || {};
  if (error.code === "home_outside_boundary") {
    const metres = Number.isFinite(details.distance_m)
      ? details.distance_m
      : numberIn(error.message, /(\d+(?:[.,]\d+)?)\s*m\b/);
    if (metres !== null && metres > 0) {
      return t("error.home_outside_boundary.by", { distance: formatDistance(metres) });
    }
  }
  if (error.code === "too_many_neighbourhoods") {
    const limit = Number.isFinite(details.limit)
      ? details.limit
      : numberIn(error.message, /(\d+)\s*neighbourhoods/);
    if (limit) return t("error.too_many_neighbourhoods.limit", { limit });
  }
  return errorText(error);
}
