// The numbers the services' rules are about (the longest name, a boundary's smallest area), as
// the refusal catalogue declares them on the server (contracts/<context>/refusals.py), served at
// GET /api/v1/refusals: said once there, never written again here.
import { api } from "./api.js";

let refusals = {};

/** Read the catalogue, once at start-up. Without it forms carry no limits: the server judges. */
export async function loadLimits() {
  const answer = await api("GET", "/refusals");
  refusals = answer?.refusals ?? {};
}

/** The limit `name` of the refusal `code` (limit("invalid_name", "max_length")), or undefined. */
export function limit(code, name) {
  return refusals[code]?.limits?.[name];
}

/** For tests: the catalogue as GET /api/v1/refusals answers it. */
export function useLimits(catalogue) {
  refusals = catalogue?.refusals ?? {};
}
