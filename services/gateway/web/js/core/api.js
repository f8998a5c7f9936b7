// The gateway's API: /api/v1, the session cookie (same origin), X-CSRF-Token on writes, and
// one error type for every refusal, shaped like the server's {error: {code, message, fields}}.

const BASE = "/api/v1";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const CSRF_COOKIE = "quartier_csrf";
// A read that lands before the read model caught up is retried this many times.
const CATCH_UP_RETRIES = 3;
// Codes for answers without the error body (a proxy's page, an empty body).
const BY_STATUS = {
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};
let csrfFromSignIn = null;
let unauthenticatedHandler = null;

export class ApiError extends Error {
  constructor(status, code, message, fields = {}, retryAfter = null, details = {}) {
    super(message || code);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields || {};
    this.retryAfter = retryAfter; // seconds, from the Retry-After header
    this.details = details || {}; // numbers worth showing: distance_m, limit, attempts_left...
  }
}

/** The token handed out at sign-in; the readable cookie wins when present (it is the latest). */
export function setCsrfToken(token) {
  csrfFromSignIn = token || null;
}

function csrfToken() {
  for (const part of document.cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === CSRF_COOKIE && rest.length) return decodeURIComponent(rest.join("="));
  }
  return csrfFromSignIn;
}

/** Called (once per failing request) when the server says the session is gone. */
export function onUnauthenticated(fn) {
  unauthenticatedHandler = fn;
}

function retryAfterSeconds(response) {
  const value = response.headers.get("Retry-After");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const when = Date.parse(value);
  return Number.isNaN(when) ? null : Math.max(0, Math.ceil((when - Date.now()) / 1000));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * api("PATCH", "/me", {json: {...}}) -> parsed JSON (null for 204).
 * Options: json (a body sent as JSON), form (a FormData, sent as multipart), query (object).
 * Throws ApiError; a network failure is ApiError(0, "network").
 */
export async function api(method, path, { json, form, query } = {}) {
  const url = new URL(BASE + path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, value);
  }
  const headers = { Accept: "application/json" };
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form; // the browser writes the multipart boundary itself
  }
  if (WRITES.has(method)) {
    const token = csrfToken();
    if (token) headers["X-CSRF-Token"] = token;
  }
  for (let attempt = 0; ; attempt += 1) {
    let response;
    try {
      response = await fetch(url, { method, headers, body, credentials: "same-origin" });
    } catch {
      throw new ApiError(0, "network", "network error");
    }
    if (response.ok) {
      if (response.status === 204) return null;
      const type = response.headers.get("Content-Type") || "";
      return type.includes("json") ? response.json() : response.text();
    }
    const error = await toError(response);
    if (method === "GET" && error.code === "not_caught_up" && attempt < CATCH_UP_RETRIES) {
      await sleep(Math.min(2, error.retryAfter ?? 0.5) * 1000);
      continue;
    }
    // A refused sign-in is no news about the session; any other 401 means it is gone.
    if (error.status === 401 && path !== "/sessions" && unauthenticatedHandler) {
      unauthenticatedHandler(error);
    }
    throw error;
  }
}

async function toError(response) {
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null; // a proxy's HTML page, or nothing at all
  }
  const error = payload && typeof payload === "object" ? payload.error : null;
  const retryAfter = retryAfterSeconds(response);
  if (error && typeof error.code === "string") {
    return new ApiError(
      response.status,
      error.code,
      error.message,
      error.fields,
      retryAfter,
      error.details,
    );
  }
  const code = BY_STATUS[response.status] || (response.status >= 500 ? "unavailable" : "generic");
  return new ApiError(response.status, code, response.statusText, {}, retryAfter);
}

/** A path of encoded parts: seg("listings", id) -> "/listings/<id>". */
export const seg = (...parts) => parts.map((part) => `/${encodeURIComponent(part)}`).join("");

/**
 * Read-your-writes for one feature's endpoints: `command` keeps the position a command
 * answers (with `after`, it also waits for the last one), `read` waits for it, so a read after
 * a command made from this page shows that command; `kept(answer)` keeps the position of
 * another write's answer; `latest()` is that position.
 */
export function readYourWrites() {
  let latest = null;
  const kept = (answer) => {
    if (answer?.position) latest = answer.position;
    return answer;
  };
  return {
    kept,
    async command(method, url, json, { after = false } = {}) {
      const options = json === undefined ? {} : { json };
      if (after) options.query = { after: latest };
      return kept(await api(method, url, options));
    },
    read: (url, query = {}) => api("GET", url, { query: { ...query, after: latest } }),
    latest: () => latest,
  };
}
