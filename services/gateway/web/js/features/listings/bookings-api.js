// The bookings endpoints of the gateway, read-your-writes: a read after a command made from
// this page waits for that command's position.
import { readYourWrites, seg } from "../../core/api.js";

const ryw = readYourWrites();
// A booking command also waits for the last one made from this page.
const command = (method, url, json = {}) => ryw.command(method, url, json, { after: true });
const read = ryw.read;
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
