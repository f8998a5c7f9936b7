// The notifications context's screens (my inbox, my preferences, the unsubscribe page), the
// header's badge and the texts of its refusals.
import { renderBadge } from "./badge.js";
import { inboxScreen } from "./inbox.js";
import en from "./messages.en.js";
import fr from "./messages.fr.js";
import { preferencesScreen } from "./preferences.js";
import { unsubscribeScreen } from "./unsubscribe.js";

export default [
  { messages: { fr, en } },
  {
    screens: [inboxScreen, preferencesScreen, unsubscribeScreen],
    slots: { "notifications-badge": renderBadge },
  },
];
