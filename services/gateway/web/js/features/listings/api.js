// The listings endpoints of the gateway, read-your-writes (a read after a command waits for
// that command's position), and the refusals in words with the limit they are about.
import { ApiError, api, readYourWrites, seg } from "../../core/api.js";
import { errorText } from "../../core/errors.js";
import { formatDelay, language } from "../../core/i18n.js";
import * as session from "../../core/session.js";
import { limit, saying } from "./limits.js";

// Reads wait for the last listings command made from this page.
const { command, read, kept } = readYourWrites();

// A list comes as {items, next_cursor}, or wrapped under its name, or bare.
const listOf = (key) => (answer) =>
  Array.isArray(answer) ? answer : Array.isArray(answer?.[key]) ? answer[key] : answer?.items || [];

export const listings = {
  board: (hoodId, query) => read(seg("neighbourhoods", hoodId, "listings"), query),
  get: (id) => read(seg("listings", id)),
  responses: (id) => read(seg("listings", id, "responses")).then(listOf("responses")),
  mine: (cursor) => read("/me/listings", { cursor }),
  myResponses: (cursor) => read("/me/responses", { cursor }),
  reports: (hoodId, cursor) => read(seg("neighbourhoods", hoodId, "reports"), { cursor }),
  publish: (hoodId, body) => command("POST", seg("neighbourhoods", hoodId, "listings"), body),
  edit: (id, body) => command("PATCH", seg("listings", id), body),
  close: (id, outcome) => command("POST", `${seg("listings", id)}/close`, { outcome }),
  /** `expiresAt` (ISO) or null: the server's usual length from now. */
  reopen: (id, expiresAt) =>
    command("POST", `${seg("listings", id)}/reopen`, expiresAt ? { expires_at: expiresAt } : {}),
  renew: (id, expiresAt) =>
    command("POST", `${seg("listings", id)}/renew`, expiresAt ? { expires_at: expiresAt } : {}),
  /** `offer`: a barter's, what I offer in exchange. */
  respond: (id, message, offer) =>
    command("POST", `${seg("listings", id)}/responses`, offer ? { message, offer } : { message }),
  accept: (id, responseId) =>
    command("POST", `${seg("listings", id, "responses", responseId)}/accept`, {}),
  report: (id, reason) => command("POST", `${seg("listings", id)}/reports`, { reason }),
  moderate: (id, decision, reason) =>
    command("POST", `${seg("listings", id)}/moderation`, { decision, reason }),
  bookSeat: (id, body) => command("POST", `${seg("listings", id)}/seats`, body),
  cancelSeat: (seatId, reason) =>
    command("POST", `${seg("seats", seatId)}/cancel`, reason ? { reason } : {}),
  cancelOccurrence: (id, body) =>
    command("POST", `${seg("listings", id)}/occurrences/cancel`, body),
  cancelTrip: (id, reason) => command("POST", `${seg("listings", id)}/trip/cancel`, { reason }),
  pledge: (id, quantity) => command("POST", `${seg("listings", id)}/pledges`, { quantity }),
  withdrawPledge: (id) => command("DELETE", `${seg("listings", id)}/pledges/me`),
  chooseRecipient: (id, responseId) =>
    command("POST", `${seg("listings", id)}/recipient`, { response_id: responseId }),
  /** One photo file -> {photo_id}; refused before sending when it is over the size limit. */
  async upload(file) {
    if (file.size > limit("photo_too_large", "max_bytes")) {
      throw new ApiError(413, "photo_too_large", "");
    }
    const form = new FormData();
    form.append("file", file);
    return kept(await api("POST", "/photos", { form }));
  },
};

/** The address of a photo, as an <img> asks for it (the session cookie goes with it). */
export function photoUrl(photoId, size = "thumb") {
  return `/api/v1/photos/${encodeURIComponent(photoId)}?size=${size}`;
}

/** My neighbourhoods (GET /me) and whether I moderate each. */
export function myHoods() {
  const list = session.current()?.neighbourhoods;
  return (Array.isArray(list) ? list : []).map((hood) => ({
    ...hood,
    moderator: hood.role === "moderator" || hood.role === "founder",
  }));
}

export function myId() {
  return session.current()?.resident_id || null;
}

const WAITING = ["too_many_listings", "too_many_alerts"];

/** A refusal in words; a daily limit says which one and how long until it resets. */
export function listingErrorText(error) {
  if (error instanceof ApiError && WAITING.includes(error.code)) {
    const seconds = error.details?.retry_after_seconds ?? error.retryAfter;
    const perDay = limit(error.code, "per_day");
    const text =
      typeof seconds === "number"
        ? saying(`error.${error.code}.wait`, { per_day: perDay, delay: formatDelay(seconds) })
        : saying(`error.${error.code}`, { per_day: perDay });
    return text ?? (error.message || errorText(error));
  }
  return errorText(error);
}

const locale = () => (language() === "fr" ? "fr-FR" : "en-GB");

export function formatMoney(amount) {
  return new Intl.NumberFormat(locale(), { style: "currency", currency: "EUR" }).format(amount);
}

export function formatWhen(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(
    date,
  );
}
