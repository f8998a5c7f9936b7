// A conversation as pages arrive: the newest page again and again (polling), older pages on
// demand. Pure: which messages of a page are new, where they go, and the cursor of older ones.

/** An empty thread: no message shown, older ones not asked for yet. */
export function emptyThread() {
  return { ids: new Set(), older: undefined };
}

/**
 * The messages of `page` ({items oldest first, next_cursor}) not shown yet, and the thread with
 * them. A newest page (older: false) adds at the end and says where older ones start the first
 * time; an older page adds at the start and moves the cursor on.
 */
export function merged(thread, page, { older = false } = {}) {
  const ids = new Set(thread.ids);
  const added = (page?.items || []).filter((m) => !ids.has(m.message_id));
  for (const m of added) ids.add(m.message_id);
  let cursor = thread.older;
  if (older || cursor === undefined) cursor = page?.next_cursor ?? null;
  return { thread: { ids, older: cursor }, added, atStart: older };
}
