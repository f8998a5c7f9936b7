// "/notifications": my inbox, newest first, new ones arriving live; read one, or all.
import { h } from "../../core/dom.js";
import { errorText } from "../../core/errors.js";
import { formatDateTime, t } from "../../core/i18n.js";
import { notifications } from "./api.js";
import * as live from "./live.js";
import { filled, sentenceKey } from "./texts.js";

function item(n, onRead) {
  const text = t(sentenceKey(n.type), filled(n.params, t("notification.someone")));
  const link = h("a", { href: n.link, class: "notification-text" }, text);
  link.addEventListener("click", () => {
    if (!n.read) onRead(n);
  });
  return h(
    "li",
    { class: n.read ? "notification" : "notification notification-unread", "data-type": n.type },
    n.read ? null : h("span", { class: "visually-hidden" }, t("notification.new")),
    link,
    h("span", { class: "notification-when" }, formatDateTime(n.created_at)),
  );
}

async function render() {
  const alert = h("div", { class: "form-alert", role: "alert" });
  const list = h("ul", {
    class: "notifications",
    "aria-live": "polite",
    "aria-label": t("notification.title"),
  });
  const empty = h("p", { class: "notice" }, t("notification.none"));
  let cursor = null;
  const read = async (n) => {
    try {
      await notifications.markRead(n.notification_id);
      n.read = true;
    } catch (error) {
      alert.textContent = errorText(error);
    }
  };
  const shown = new Set();
  const add = (items, { first = false } = {}) => {
    const fresh = items.filter((n) => !shown.has(n.notification_id));
    for (const n of fresh) shown.add(n.notification_id);
    const nodes = fresh.map((n) => item(n, read));
    if (first) list.prepend(...nodes);
    else list.append(...nodes);
    empty.hidden = list.children.length > 0;
  };
  const page = await notifications.page(null);
  add(page.items);
  cursor = page.next_cursor;
  const more = h(
    "button",
    { type: "button", class: "button button-secondary", hidden: !cursor },
    t("notification.more"),
  );
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const next = await notifications.page(cursor);
      add(next.items);
      cursor = next.next_cursor;
      more.hidden = !cursor;
    } catch (error) {
      alert.textContent = errorText(error);
    } finally {
      more.disabled = false;
    }
  });
  const all = h(
    "button",
    { type: "button", class: "button button-secondary" },
    t("notification.read_all"),
  );
  all.addEventListener("click", async () => {
    try {
      await notifications.markAllRead();
      for (const li of list.querySelectorAll(".notification-unread")) {
        li.classList.remove("notification-unread");
        li.querySelector(".visually-hidden")?.remove();
      }
      live.setUnread(0);
    } catch (error) {
      alert.textContent = errorText(error);
    }
  });
  const section = h(
    "section",
    { class: "panel" },
    h("h1", {}, t("notification.title")),
    h(
      "p",
      { class: "actions" },
      all,
      " ",
      h("a", { href: "/me/notifications" }, t("notification.preferences_link")),
    ),
    alert,
    empty,
    list,
    h("p", { class: "actions" }, more),
  );
  empty.hidden = list.children.length > 0;
  const stop = live.listen((event) => {
    if (!section.isConnected) {
      stop();
      return;
    }
    if (event.kind === "notification") add([event.notification], { first: true });
  });
  return section;
}

export const inboxScreen = {
  path: "/notifications",
  title: "notification.title",
  access: "resident",
  render,
};
