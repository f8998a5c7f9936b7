// API errors in words: the translation of a known code, else the server's own message.
import { formatDelay, has, t } from "./i18n.js";
import { limitsOf } from "./limits.js";

const WAITING = new Set(["rate_limited", "too_many_sign_in_attempts", "unavailable"]);

/** One sentence for an error (an ApiError, or anything thrown). */
export function errorText(error) {
  const code = error?.code;
  if (!code) return t("error.generic");
  if (WAITING.has(code) || error.status === 429) {
    // Any 429 is a rate limit, whatever its code; the delay comes from Retry-After.
    const key = WAITING.has(code) ? code : "rate_limited";
    if (typeof error.retryAfter === "number") {
      return t(`error.${key}`, { delay: formatDelay(error.retryAfter) });
    }
    return t(key === "unavailable" ? "error.unavailable.later" : "error.rate_limited.later");
  }
  if (has(`error.${code}`)) return said(error);
  return error.message || t("error.generic");
}

/**
 * The text of error.<code>, its {placeholders} filled with the rule's limits (core/limits.js):
 * "at most {max_length} characters". A limit not known leaves the server's own words.
 */
function said(error) {
  const text = t(`error.${error.code}`, limitsOf(error.code));
  return /\{\w+\}/.test(text) ? error.message || t("error.generic") : text;
}

// The server's English validation messages (marshmallow's, and services/gateway/http/text.py's)
// that a resident may meet.
const FIELD_MESSAGES = [
  [/^Missing data for required field\.?$/i, () => t("form.required")],
  [/^Field may not be (null|blank)\.?$/i, () => t("form.required")],
  [/^Shorter than minimum length 1\.?$/i, () => t("form.required")],
  [/^Not a valid e-?mail address\.?$/i, () => t("form.invalid_email")],
  [/^Longer than maximum length (\d+)\.?$/i, (m) => t("form.max_length", { n: m[1] })],
  [/^Must be one of/i, () => t("form.invalid_choice")],
  [/^This text (is not valid Unicode|holds a)/i, () => t("form.text_not_allowed")],
  [/^Write something visible\.?$/i, () => t("form.text_blank")],
  [/^A name holds at least one letter\.?$/i, () => t("form.name_letter")],
  [/^(Not a valid|Invalid)/i, () => t("form.invalid_value")],
];

/** The text shown next to one field, from the server's messages for it. */
export function fieldText(error, messages) {
  if (error.code !== "validation_failed" && has(`error.${error.code}`)) return said(error);
  const list = Array.isArray(messages) ? messages : [messages];
  return list
    .map((message) => {
      const text = String(message);
      for (const [pattern, translate] of FIELD_MESSAGES) {
        const found = pattern.exec(text);
        if (found) return translate(found);
      }
      return text;
    })
    .join(" ");
}
