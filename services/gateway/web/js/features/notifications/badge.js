// The header's notifications badge: a link to my inbox with the unread count, kept current by
// the live stream.
import { h } from "../../core/dom.js";
import { t } from "../../core/i18n.js";
import { notifications } from "./api.js";
import * as live from "./live.js";

let removeListener = null;

export function renderBadge(slot, { signedIn }) {
  if (!signedIn) {
    live.close();
    return;
  }
  const count = h("span", { class: "badge notifications-count", "aria-hidden": "true" });
  const label = h("span", { class: "visually-hidden" });
  const link = h(
    "a",
    { href: "/notifications", class: "notifications-link" },
    t("notification.nav"),
    " ",
    count,
    label,
  );
  const show = (n) => {
    count.textContent = String(n ?? 0);
    count.hidden = !n;
    label.textContent = n ? t("notification.unread", { count: n }) : "";
  };
  show(live.unreadCount());
  slot.replaceChildren(link);
  if (removeListener) removeListener();
  removeListener = live.listen((event) => {
    if (event.kind === "unread") show(event.count);
  });
  live.open();
  if (live.unreadCount() === null) {
    notifications
      .unreadCount()
      .then((answer) => live.setUnread(answer.count))
      .catch(() => {});
  }
}
