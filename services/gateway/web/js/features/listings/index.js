// The listings context's screens (boards, a listing, posting and editing, mine, the reports
// queue) and the texts of its refusals.
import { boardScreen, hubScreen } from "./board.js";
import { myBookingsScreen } from "./bookings-mine.js";
import { listingScreen } from "./listing.js";
import en from "./messages.en.js";
import fr from "./messages.fr.js";
import { mineScreen, responsesScreen } from "./mine.js";
import { editScreen, postScreen } from "./post.js";
import { reportsScreen } from "./reports.js";

export default [
  { messages: { fr, en } },
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
