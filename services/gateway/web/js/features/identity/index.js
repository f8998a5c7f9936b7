// The identity context's screens (account, profile, password, address, data, e-mails) and the
// texts of its refusals, in header order.
import account from "./account.js";
import address from "./address.js";
import data from "./data.js";
import emails from "./emails.js";
import home from "./home.js";
import en from "./messages.en.js";
import fr from "./messages.fr.js";
import password from "./password.js";
import profile from "./profile.js";

export default [{ messages: { fr, en } }, home, account, profile, password, address, data, emails];
