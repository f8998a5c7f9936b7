// The numbers of the listings' rules (a title's length, photos per listing, a photo's size), as
// the refusal catalogue declares them and the gateway serves them (core/limits.js, GET
// /api/v1/refusals): the one place the listings screens read them. A limit not known (the
// catalogue could not be read) leaves the field without it and its hint unsaid: the server
// judges anyway.
import { t } from "../../core/i18n.js";
import { limit as served } from "../../core/limits.js";

const MIB = 1024 * 1024;

/** The number `name` of the refusal `code`'s rule, or undefined. */
export function limit(code, name) {
  return served(code, name);
}

/** A size limit in bytes, said in megabytes (the "Mo" / "MB" a resident reads), or undefined. */
export function megabytes(bytes) {
  return typeof bytes === "number" ? Math.round(bytes / MIB) : undefined;
}

/** The text `key` with these values, or null when one of them is not known. */
export function saying(key, values) {
  return Object.values(values).every((v) => v !== undefined && v !== null) ? t(key, values) : null;
}
