// Every feature of the web client, in nav order of appearance. A new screen is a module next
// to these exporting {messages, screens, slots}; add it to this list.
import account from "./account.js";
import address from "./address.js";
import data from "./data.js";
import home from "./home.js";
import neighbourhoods from "./neighbourhoods.js";
import password from "./password.js";
import profile from "./profile.js";

export default [home, account, profile, password, address, data, neighbourhoods];
