// The words of a listing, as contracts/listings/categories.py fixes them (the client names each
// in the resident's language: messages "listing.<group>.<value>").
// tests/unit/web/test_listings_client.py fails when these lists and the contracts differ.
export const KINDS = ["offer", "request"];
export const CATEGORIES = [
  "service",
  "loan",
  "rental",
  "transport",
  "good_deal",
  "barter",
  "giveaway",
  "group_purchase",
  "alert",
];
// A notice and a tip are given to the neighbourhood; nobody asks for one.
const OFFER_ONLY = ["good_deal", "alert"];
export const SKILLS = [
  "gardening",
  "diy",
  "computer_help",
  "childcare",
  "pet_sitting",
  "tutoring",
  "moving_help",
  "cooking",
  "sewing",
  "other",
];
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
export const ALERT_TYPES = [
  "lost_pet",
  "found_pet",
  "lost_object",
  "found_object",
  "weather",
  "safety",
  "other",
];
export const ALLOCATIONS = ["first_come", "giver_chooses"];

export function kindsOf(category) {
  return OFFER_ONLY.includes(category) ? ["offer"] : [...KINDS];
}
