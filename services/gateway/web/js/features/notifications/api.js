// The notifications API: my inbox, its live stream, my preferences, one-click unsubscribe.
import { api } from "../../core/api.js";

export const notifications = {
  page: (cursor, unread = false) =>
    api("GET", "/notifications", { query: { cursor, unread: unread ? "true" : undefined } }),
  unreadCount: () => api("GET", "/notifications/unread-count"),
  markRead: (id) => api("POST", `/notifications/${id}/read`),
  markAllRead: () => api("POST", "/notifications/read-all"),
  preferences: () => api("GET", "/me/notification-preferences"),
  choose: (prefs) => api("PUT", "/me/notification-preferences", { json: prefs }),
  unsubscription: (token) => api("GET", "/unsubscribe", { query: { token } }),
  unsubscribe: (token) => api("POST", "/unsubscribe", { query: { token } }),
};

export const STREAM = "/api/v1/notifications/stream";
