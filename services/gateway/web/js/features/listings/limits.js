// The numbers of the listings' rules, exactly as contracts/listings/refusals.py declares them
// (each refusal's `limits`, keyed by its code). The one place the client holds them: forms
// read their lengths here and the refusal texts get their numbers from here (index.js), so a
// text never says another number than the rule. tests/unit/web/test_listings_client.py fails
// when this table and the catalogue differ.
export const LIMITS = {
  invalid_title: { min_length: 3, max_length: 120 },
  invalid_listing_description: { max_length: 5000 },
  too_many_photos: { max_photos: 6 },
  invalid_expiry: { max_days: 90 },
  too_many_listings: { per_day: 20 },
  too_many_alerts: { per_day: 3 },
  invalid_message: { max_length: 2000 },
  invalid_reason: { max_length: 500 },
  photo_too_large: { max_bytes: 10485760 },
  invalid_photo: { max_pixels: 40000000, full_size_px: 1600, thumbnail_px: 400 },
};

/** The number `name` of the refusal `code`'s rule; throws for a limit nobody declared. */
export function limit(code, name) {
  const value = LIMITS[code]?.[name];
  if (typeof value !== "number") throw new Error(`no limit ${name} for ${code}`);
  return value;
}

const MIB = 1024 * 1024;

/** A size limit in bytes, said in megabytes (the "Mo" / "MB" a resident reads). */
export function megabytes(bytes) {
  return Math.round(bytes / MIB);
}

/** `{name}` placeholders of the texts of error.<code> filled from that refusal's limits. */
export function withLimits(messages) {
  const out = {};
  for (const [key, text] of Object.entries(messages)) {
    const code = key.startsWith("error.") ? key.split(".")[1] : null;
    const limits = { ...(LIMITS[code] || {}) };
    if ("max_bytes" in limits) limits.max_mb = megabytes(limits.max_bytes);
    out[key] = text.replace(/\{(\w+)\}/g, (whole, name) =>
      name in limits ? String(limits[name]) : whole,
    );
  }
  return out;
}
