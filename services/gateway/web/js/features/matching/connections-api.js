// The connections' endpoints of the gateway, read-your-writes (a read after a command waits
// for that command's position), and how a date is said.
import { readYourWrites, seg } from "../../core/api.js";
import { language } from "../../core/i18n.js";
import * as session from "../../core/session.js";

// Reads wait for the last connections command made from this page.
const { command, read } = readYourWrites();
const items = (answer) => (Array.isArray(answer?.items) ? answer.items : []);

export const connections = {
  list: () => read("/connections").then(items),
  get: (id) => read(seg("connections", id)),
  /** {items (oldest first), next_cursor (older ones)} */
  messages: (id, cursor) => read(`${seg("connections", id)}/messages`, { cursor }),
  write: (id, text) => command("POST", `${seg("connections", id)}/messages`, { text }),
  end: (id, reason) => command("POST", `${seg("connections", id)}/end`, reason ? { reason } : {}),
  thank: (id, text) => command("POST", `${seg("connections", id)}/thanks`, { text }),
  /** {resident: {resident_id, display_name}, items} */
  thanks: (residentId) => read(`${seg("residents", residentId)}/thanks`),
  block: (residentId) => command("POST", `${seg("residents", residentId)}/block`, {}),
  unblock: (residentId) => command("DELETE", `${seg("residents", residentId)}/block`),
  blocks: () => read("/me/blocks").then(items),
};

export function myId() {
  return session.current()?.resident_id || null;
}

export function formatWhen(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const locale = language() === "fr" ? "fr-FR" : "en-GB";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

export const connectionPath = (id) => `/connections/${encodeURIComponent(id)}`;
export const residentPath = (id) => `/residents/${encodeURIComponent(id)}`;
