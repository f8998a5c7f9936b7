// The matching context's screens (matches suggested to me) and the texts of its refusals.
import en from "./messages.en.js";
import fr from "./messages.fr.js";
import { suggestedScreen } from "./suggested.js";

export default [{ messages: { fr, en } }, { screens: [suggestedScreen] }];
