// The neighbourhoods context's screens (find, create, detail, members, moderation log,
// boundary proposals), the switcher slot and the texts of its refusals.
import find from "./find.js";
import en from "./messages.en.js";
import fr from "./messages.fr.js";

export default [{ messages: { fr, en } }, find];
