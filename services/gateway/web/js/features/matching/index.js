// The matching context's screens and the texts of its refusals.
import connections from "./connections-index.js";
import en from "./messages.en.js";
import fr from "./messages.fr.js";

export default [{ messages: { fr, en } }, ...connections];
