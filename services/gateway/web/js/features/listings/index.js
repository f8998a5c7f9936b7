// The listings context's screens (boards, a listing, posting and editing, mine, the reports
// queue), the texts of its refusals, and the words of a listing read from the server.
import { boardScreen, hubScreen } from "./board.js";
import { myBookingsScreen } from "./bookings-mine.js";
import { listingScreen } from "./listing.js";
import en from "./messages.en.js";
import fr from "./messages.fr.js";
import { mineScreen, responsesScreen } from "./mine.js";
import { editScreen, postScreen } from "./post.js";
import { reportsScreen } from "./reports.js";
import { loadVocabulary } from "./vocabulary.js";

export default [
  { messages: { fr, en }, load: loadVocabulary },
  {
    screens: [
      hubScreen,
      boardScreen,
      postScreen,
      listingScreen,
      editScreen,
      mineScreen,
      responsesScreen,
      reportsScreen,
      myBookingsScreen,
    ],
  },
];
