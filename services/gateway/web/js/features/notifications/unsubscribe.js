// "/unsubscribe?token=": the page an e-mail's unsubscribe link opens, signed in or not: it
// says which e-mails the link stops, and stops them in one click.
import { h } from "../../core/dom.js";
import { errorText } from "../../core/errors.js";
import { t } from "../../core/i18n.js";
import { notifications } from "./api.js";

async function render(ctx) {
  const token = ctx.query.get("token");
  const title = h("h1", {}, t("notification.unsubscribe"));
  if (!token)
    return h("section", { class: "panel" }, title, h("p", {}, t("error.invalid_unsubscribe_link")));
  let found;
  try {
    found = await notifications.unsubscription(token);
  } catch (error) {
    return h("section", { class: "panel" }, title, h("p", { role: "alert" }, errorText(error)));
  }
  const kind = t(`notification.kind.${found.type}`);
  const status = h("div", { role: "status" });
  if (!found.email) {
    status.textContent = t("notification.unsubscribed", { kind });
    return h("section", { class: "panel" }, title, status);
  }
  const button = h(
    "button",
    { type: "button", class: "button" },
    t("notification.unsubscribe_button"),
  );
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await notifications.unsubscribe(token);
      status.textContent = t("notification.unsubscribed", { kind });
      button.remove();
    } catch (error) {
      status.textContent = errorText(error);
      button.disabled = false;
    }
  });
  return h(
    "section",
    { class: "panel" },
    title,
    h("p", {}, t("notification.unsubscribe_what", { kind })),
    h("p", { class: "actions" }, button),
    status,
  );
}

export const unsubscribeScreen = {
  path: "/unsubscribe",
  title: "notification.unsubscribe",
  access: "any",
  render,
};
