// The live stream of my notifications (Server-Sent Events) shared by the whole page: one
// EventSource while signed in, its listeners told of each new notification and of the unread
// count. The browser reconnects on its own with the last event's id (the server resumes after
// it); signing out closes it.
import { STREAM } from "./api.js";

let source = null;
const listeners = new Set();
let unread = null;

export function unreadCount() {
  return unread;
}

export function setUnread(count) {
  unread = count;
  for (const fn of listeners) fn({ kind: "unread", count });
}

/** fn({kind: "notification", notification} | {kind: "unread", count}); returns the remover. */
export function listen(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function open() {
  if (source || typeof EventSource === "undefined") return;
  source = new EventSource(STREAM, { withCredentials: true });
  source.addEventListener("notification", (event) => {
    const notification = JSON.parse(event.data);
    for (const fn of listeners) fn({ kind: "notification", notification });
  });
  source.addEventListener("unread", (event) => setUnread(JSON.parse(event.data).count));
}

export function close() {
  if (source) source.close();
  source = null;
  unread = null;
}
