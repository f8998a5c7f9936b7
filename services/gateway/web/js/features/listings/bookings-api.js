// The bookings endpoints of the gateway, read-your-writes: a read after a command made from
// this page waits for that command's position.
import { api } from "../../core/api.js";

let latest = null;

const seg = (...parts) => parts.map((part) => `/${encodeURIComponent(part)}`).join("");

async function command(method, url, json = {}) {
  const answer = await api(method, url, { json, query: { after: latest } });
  if (answer?.position) latest = answer.position;
  return answer;
}

const read = (url, query = {}) => api("GET", url, { query: { ...query, after: latest } });
const step = (id, what, body) => command("POST", `${seg("bookings", id)}/${what}`, body);

export const bookings = {
  availability: (listingId, from, to) =>
    read(`${seg("listings", listingId)}/availability`, { from, to }),
  request: (listingId, body) => command("POST", `${seg("listings", listingId)}/bookings`, body),
  block: (listingId, body) =>
    command("POST", `${seg("listings", listingId)}/availability/blocks`, body),
  unblock: (listingId, blockId) =>
    command("DELETE", `${seg("listings", listingId, "availability", "blocks", blockId)}`),
  accept: (id) => step(id, "accept"),
  decline: (id, reason) => step(id, "decline", reason ? { reason } : {}),
  cancel: (id, reason) => step(id, "cancel", { reason }),
  pickedUp: (id) => step(id, "picked-up"),
  returned: (id) => step(id, "returned"),
  mine: () => read("/me/bookings"),
  renewCalendar: () => command("POST", "/me/calendar-url"),
};
