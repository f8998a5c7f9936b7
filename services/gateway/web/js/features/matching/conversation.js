// A connection's conversation: the newest messages (oldest first, older ones on demand), new
// ones arriving without reloading (polled while the conversation is on screen), and the form
// to write. The list is a polite live region: a message that arrives is read out.
import { h } from "../../core/dom.js";
import { field, form } from "../../core/forms.js";
import { t } from "../../core/i18n.js";
import { limit } from "../../core/limits.js";
import { connections, formatWhen } from "./connections-api.js";
import { emptyThread, merged } from "./thread.js";

export const POLL_MS = 4000;

function messageItem(message, otherName) {
  const who = message.mine ? t("connection.you") : otherName;
  return h(
    "li",
    { class: message.mine ? "message message-mine" : "message", "data-id": message.message_id },
    h(
      "p",
      { class: "message-meta" },
      who,
      " · ",
      h("time", { datetime: message.posted_at }, formatWhen(message.posted_at)),
    ),
    message.erased
      ? h("p", { class: "message-text message-erased" }, t("connection.message_erased"))
      : h("p", { class: "message-text" }, message.text),
  );
}

/** The conversation's section: {element, refresh()} (refresh fetches the newest page). */
export function conversation(connection) {
  const id = connection.connection_id;
  const otherName = connection.other.display_name || t("connection.erased");
  const list = h("ol", {
    class: "messages",
    "aria-live": "polite",
    "aria-label": t("connection.conversation"),
  });
  const empty = h("p", { class: "notice" }, t("connection.no_messages"));
  const olderButton = h(
    "button",
    { type: "button", class: "button button-secondary", hidden: true },
    t("connection.older"),
  );
  let thread = emptyThread();

  function show(page, older) {
    const next = merged(thread, page, { older });
    thread = next.thread;
    const nodes = next.added.map((m) => messageItem(m, otherName));
    if (older) list.prepend(...nodes);
    else list.append(...nodes);
    empty.hidden = thread.ids.size > 0;
    olderButton.hidden = !thread.older;
  }

  async function refresh() {
    show(await connections.messages(id), false);
  }

  olderButton.addEventListener("click", async () => {
    olderButton.disabled = true;
    try {
      show(await connections.messages(id, thread.older), true);
    } finally {
      olderButton.disabled = false;
    }
  });

  const max = limit("invalid_connection_message", "max_length");
  const writing =
    connection.status === "open" && !connection.blocked
      ? form({
          label: t("connection.write"),
          submit: t("connection.send"),
          class: "message-form",
          fields: [
            field({
              name: "text",
              label: t("connection.message"),
              hint: max ? t("connection.message_hint", { max }) : null,
              type: "textarea",
              rows: 3,
              required: true,
              maxlength: max,
            }),
          ],
          onSubmit: async (values, el) => {
            await connections.write(id, values.text);
            el.reset();
            await refresh();
          },
        })
      : null;
  const element = h(
    "section",
    { class: "conversation", "aria-labelledby": "conversation-heading" },
    h("h2", { id: "conversation-heading" }, t("connection.conversation")),
    connection.blocked ? h("p", { class: "notice" }, t("connection.hidden_by_block")) : null,
    h("p", { class: "actions" }, olderButton),
    list,
    empty,
    writing,
  );
  return { element, refresh };
}

/** Poll `refresh` every POLL_MS while `element` is in the page; stops once it is gone. */
export function whileShown(element, refresh) {
  const timer = setInterval(async () => {
    if (!element.isConnected) {
      clearInterval(timer);
      return;
    }
    try {
      await refresh();
    } catch {
      // A missed poll is caught up by the next one.
    }
  }, POLL_MS);
  return timer;
}
