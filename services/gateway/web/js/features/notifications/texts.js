// A notification in words: its type's sentence, its params filled in (a missing name or title
// reads as "a neighbour" or nothing, never as a raw placeholder). Pure, for node --test.

/** {name, title, ...} with the fallbacks a sentence needs. */
export function filled(params, someone) {
  const values = { ...(params || {}) };
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) delete values[key];
  }
  return { name: someone, title: "", neighbourhood: "", reason: "", ...values };
}

/** The key of a type's sentence. */
export function sentenceKey(type) {
  return `notification.${type}`;
}
