// The words of a listing (kinds, categories, skills, weekdays, alert types, allocations), as
// contracts/listings/categories.py declares them, read at start-up from GET /api/v1/vocabulary:
// said once there, never written again here. The client names each in the resident's language
// (messages "listing.<group>.<value>"). The lists are filled in place, so that the forms' tables
// built from them when their modules load (categories.js) see the words once they are read.
import { api } from "../../core/api.js";

export const KINDS = [];
export const CATEGORIES = [];
export const SKILLS = [];
export const WEEKDAYS = [];
export const ALERT_TYPES = [];
export const ALLOCATIONS = [];
const kindsByCategory = new Map();

/** Read the words, once at start-up (a feature's `load`, core/registry.js). */
export async function loadVocabulary() {
  const answer = await api("GET", "/vocabulary");
  useVocabulary(answer?.listings);
}

/** The words as GET /api/v1/vocabulary answers them under `listings` (tests hand them in). */
export function useVocabulary(words) {
  const fill = (list, values) => list.splice(0, list.length, ...(values ?? []));
  fill(KINDS, words?.kinds);
  fill(CATEGORIES, words?.categories);
  fill(SKILLS, words?.skills);
  fill(WEEKDAYS, words?.weekdays);
  fill(ALERT_TYPES, words?.alert_types);
  fill(ALLOCATIONS, words?.allocations);
  kindsByCategory.clear();
  for (const [category, kinds] of Object.entries(words?.kinds_by_category ?? {})) {
    kindsByCategory.set(category, [...kinds]);
  }
}

/** The kinds a listing of `category` may be: a notice or a tip is only ever offered. */
export function kindsOf(category) {
  return [...(kindsByCategory.get(category) ?? KINDS)];
}
